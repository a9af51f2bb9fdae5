import { describe, expect, it } from 'vitest'
import { openAIEmbeddingUsage, openAIResponsesUsage } from './responses-usage'

describe('openAIResponsesUsage', () => {
  it('keeps input_tokens (which include cached) and output_tokens (which include reasoning)', () => {
    expect(
      openAIResponsesUsage({
        input_tokens: 3000,
        input_tokens_details: { cached_tokens: 1000 },
        output_tokens: 1000,
        output_tokens_details: { reasoning_tokens: 200 },
      }),
    ).toEqual({
      promptTokens: 3000,
      completionTokens: 1000,
      cachedTokens: 1000,
      cacheWriteTokens: 0,
      reasoningTokens: 200,
    })
  })

  it('reads zero for missing usage and raises totals to their parts', () => {
    expect(openAIResponsesUsage(undefined)).toMatchObject({ promptTokens: 0, completionTokens: 0 })
    expect(
      openAIResponsesUsage({
        input_tokens: 5,
        input_tokens_details: { cached_tokens: 8 },
        output_tokens: null,
      }),
    ).toMatchObject({ promptTokens: 8, cachedTokens: 8, completionTokens: 0 })
  })
})

describe('openAIEmbeddingUsage', () => {
  it('counts prompt tokens only', () => {
    expect(openAIEmbeddingUsage({ prompt_tokens: 42 })).toEqual({
      promptTokens: 42,
      completionTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
  })
})
