import { describe, expect, it } from 'vitest'
import { usageEventSchema } from './usage-event'

const valid = { provider: 'OpenAI ', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }
const problems = (input: unknown) => {
  const result = usageEventSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('usageEventSchema', () => {
  it('normalises the provider and fills defaults', () => {
    expect(usageEventSchema.parse(valid)).toMatchObject({
      provider: 'openai',
      category: 'general',
      success: true,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
  })

  it.each([
    [{ ...valid, promptTokens: -1 }, /promptTokens/],
    [{ ...valid, promptTokens: 1.5 }, /promptTokens/],
    [{ ...valid, completionTokens: 2 ** 31 }, /completionTokens/],
    [{ ...valid, category: 'astrology' }, /category/],
    [{ ...valid, provider: '' }, /provider/],
    [{ ...valid, model: 'x'.repeat(201) }, /model/],
    [{ ...valid, cost: '-1' }, /cost/],
    [{ ...valid, cost: '1e3' }, /cost/],
    [{ ...valid, cost: 0.5 }, /cost/],
    [
      { ...valid, cachedTokens: 11 },
      /cachedTokens: cached \+ cache-write tokens cannot exceed prompt tokens/,
    ],
    [{ ...valid, reasoningTokens: 6 }, /reasoningTokens: reasoning tokens cannot exceed completion tokens/],
    [{ ...valid, occurredAt: '2026-13-01T00:00:00Z' }, /occurredAt/],
    [
      { ...valid, occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      /occurredAt: occurredAt cannot be in the future/,
    ],
    [{ ...valid, budgetOverrideId: 'not-a-uuid' }, /budgetOverrideId/],
    [{ ...valid, userId: 0 }, /userId/],
    [{ ...valid, idempotencyKey: '' }, /idempotencyKey/],
  ])('refuses %j', (input, expected) => {
    expect(problems(input).join('\n')).toMatch(expected)
  })

  it('accepts a caller cost, an occurredAt with offset and a loggable', () => {
    expect(
      problems({
        ...valid,
        cost: '0.0125',
        occurredAt: '2026-01-02T03:04:05+02:00',
        loggable: { type: 'estimate', id: 42 },
      }),
    ).toEqual([])
  })
})
