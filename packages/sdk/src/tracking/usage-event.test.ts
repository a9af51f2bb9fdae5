import { describe, expect, it } from 'vitest'
import { NO_USAGE } from './token-usage'
import { usageEvent } from './usage-event'

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

  it('records a failure with the error message, cut to what the api accepts', () => {
    const event = usageEvent({ ...base, error: new Error('x'.repeat(30_000)) }, {})
    expect(event.success).toBe(false)
    expect(event.errorMessage?.length).toBeLessThan(20_100)
    expect(event.response).toBeUndefined()
  })

  it('cuts long content', () => {
    expect(usageEvent({ ...base, prompt: 'abcdef' }, {}, 3).prompt).toBe(
      'abc\n[TRUNCATED BY SDK: 3 more characters]',
    )
  })
})
