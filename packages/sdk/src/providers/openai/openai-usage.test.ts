import { describe, expect, it } from 'vitest'
import { openAIUsage } from './openai-usage'

describe('openAIUsage', () => {
  it('keeps prompt_tokens (which already include cached) and completion_tokens (which include reasoning)', () => {
    expect(
      openAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 300,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 256 },
      }),
    ).toEqual({
      promptTokens: 1200,
      completionTokens: 300,
      cachedTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 256,
    })
  })

  it('reads zero for a missing usage and never returns parts above their totals', () => {
    expect(openAIUsage(null)).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
    expect(
      openAIUsage({
        prompt_tokens: 10,
        completion_tokens: 1,
        prompt_tokens_details: { cached_tokens: 20 },
        completion_tokens_details: { reasoning_tokens: 5 },
      }),
    ).toMatchObject({ promptTokens: 20, cachedTokens: 20, completionTokens: 5, reasoningTokens: 5 })
  })
})
