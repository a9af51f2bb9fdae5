import { redactEvent, type UsageEvent } from '@tokenledger/domain'
import { describe, expect, it } from 'vitest'
import { chunkBounds, redactInChunks } from './redact-in-chunks'
import { redactInThisThread } from './redact-texts'

describe('chunkBounds', () => {
  it('keeps a small batch whole', () => {
    expect(chunkBounds([10, 20, 30], 4, 100)).toEqual([[0, 3]])
    expect(chunkBounds([], 4, 100)).toEqual([[0, 0]])
  })

  it('splits a large batch into at most maxChunks consecutive chunks, the first half the others', () => {
    expect(chunkBounds(Array(1000).fill(2048), 4, 65_536)).toEqual([
      [0, 143],
      [143, 429],
      [429, 715],
      [715, 1000],
    ])
    // 100 events of 2 KB: three chunks, as many as 64 K characters each allow.
    expect(chunkBounds(Array(100).fill(2048), 4, 65_536)).toEqual([
      [0, 20],
      [20, 60],
      [60, 100],
    ])
  })

  it('covers every item once, in order, however uneven the sizes', () => {
    const sizes = [500, 1, 1, 1, 300, 2, 400, 1, 1, 900]
    const bounds = chunkBounds(sizes, 3, 400)
    expect(bounds.length).toBeLessThanOrEqual(3)
    expect(bounds.flatMap(([s, e]) => Array.from({ length: e - s }, (_, i) => s + i))).toEqual(
      sizes.map((_, i) => i),
    )
  })
})

/** Events of about 2 K characters each, enough of them for several chunks. */
const bigEvents = (count: number): UsageEvent[] =>
  Array.from({ length: count }, (_, n) => ({
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 1,
    completionTokens: 1,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    success: true,
    category: 'general',
    prompt: `mail user${n}@example.com ${'x'.repeat(2_000)}`,
  }))

describe('redactInChunks', () => {
  it('redacts every event as redactEvent does, chunk by chunk', async () => {
    const events = bigEvents(80)
    const chunks = redactInChunks(events, redactInThisThread)
    expect(chunks.length).toBeGreaterThan(1)
    const redacted = (await Promise.all(chunks.map((c) => c.redacted))).flat()
    expect(redacted).toEqual(events.map((e) => redactEvent(e)))
  })

  it('rejects the chunk whose redaction failed; a chunk nobody waits for raises no unhandled rejection', async () => {
    const failing = async () => {
      throw new Error('pool full')
    }
    const chunks = redactInChunks(bigEvents(80), failing)
    expect(chunks.length).toBeGreaterThan(1)
    await expect(chunks[0]?.redacted).rejects.toThrow('pool full')
    // vitest fails the run on an unhandled rejection: give the others' a chance to surface.
    await new Promise((resolve) => setTimeout(resolve, 10))
  })
})
