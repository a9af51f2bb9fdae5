import { describe, expect, it } from 'vitest'
import { cut, MAX_ERROR_MESSAGE_CHARS, usageEvent } from './event-from-call'
import { NO_USAGE } from './token-usage'

const base = {
  provider: 'openai',
  model: 'gpt-4o',
  startedAt: new Date('2025-01-02T03:04:05.000Z'),
  durationMs: 12.6,
  usage: { ...NO_USAGE, promptTokens: 10, completionTokens: 2 },
  prompt: 'hello',
}

describe('usageEvent', () => {
  it('builds a success event with attribution, tokens, content and time', () => {
    expect(usageEvent({ ...base, response: 'hi' }, { userId: 7, category: 'summarization' })).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 10,
      completionTokens: 2,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      durationMs: 13,
      success: true,
      prompt: 'hello',
      response: 'hi',
      occurredAt: '2025-01-02T03:04:05.000Z',
      userId: 7,
      category: 'summarization',
    })
  })

  it('records the reported model and keeps the requested one in metadata', () => {
    const event = usageEvent(
      { ...base, model: 'gpt-4o-2024-08-06', requestedModel: 'gpt-4o' },
      { metadata: { feature: 'x' } },
    )
    expect(event.model).toBe('gpt-4o-2024-08-06')
    expect(event.metadata).toEqual({ feature: 'x', requestedModel: 'gpt-4o' })
    expect(usageEvent(base, {}).metadata).toBeUndefined()
  })

  it('records a failure with the error message, cut to what the api accepts (marker included)', () => {
    const event = usageEvent({ ...base, error: new Error('x'.repeat(30_000)) }, {})
    expect(event.success).toBe(false)
    expect(event.errorMessage).toHaveLength(MAX_ERROR_MESSAGE_CHARS)
    expect(event.errorMessage).toMatch(/^x+\n\[TRUNCATED BY SDK: 10042 more characters\]$/)
    expect(event.response).toBeUndefined()
  })

  it('cuts long content', () => {
    const prompt = 'abcdefghij'.repeat(10)
    const cutPrompt = usageEvent({ ...base, prompt }, {}, 60).prompt
    expect(cutPrompt).toBe(`${prompt.slice(0, 21)}\n[TRUNCATED BY SDK: 79 more characters]`)
    expect(cutPrompt).toHaveLength(60)
  })
})

describe('cut', () => {
  it('never exceeds the limit, whatever the length of the count in the marker', () => {
    for (const length of [20_001, 20_039, 20_041, 29_999, 30_000, 120_000, 1_000_000]) {
      const result = cut('y'.repeat(length), 20_000)
      expect(result.length, `length ${length}`).toBe(20_000)
      const [, kept, count] = /^(y*)\n\[TRUNCATED BY SDK: (\d+) more characters\]$/.exec(result) ?? []
      // The marker's count is exactly what was left out.
      expect(Number(count) + (kept?.length ?? 0), `length ${length}`).toBe(length)
    }
  })

  it('leaves text within the limit alone and cuts bare when the marker does not fit', () => {
    expect(cut('short', 5)).toBe('short')
    expect(cut('abcdef', 3)).toBe('abc')
  })

  it('does not split a surrogate pair', () => {
    const result = cut(`${'a'.repeat(20)}${'😀'.repeat(40)}`, 60)
    expect(result.length).toBeLessThanOrEqual(60)
    expect(result).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })
})
