import { describe, expect, it } from 'vitest'
import { attributeMap } from './attribute-values'
import { spanUsage } from './span-usage'
import { keyValues } from './test-spans'

const usage = (attributes: Record<string, unknown>) => spanUsage(attributeMap(keyValues(attributes)))

describe('spanUsage', () => {
  it('reads the current GenAI names, with cache read, cache creation and reasoning', () => {
    expect(
      usage({
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 400,
        'gen_ai.usage.cache_read.input_tokens': 600,
        'gen_ai.usage.cache_creation.input_tokens': 100,
        'gen_ai.usage.reasoning.output_tokens': 150,
      }),
    ).toEqual({
      promptTokens: 1000,
      completionTokens: 400,
      cachedTokens: 600,
      cacheWriteTokens: 100,
      reasoningTokens: 150,
    })
  })

  it('reads the deprecated names and OpenLLMetry spellings', () => {
    expect(
      usage({
        'gen_ai.usage.prompt_tokens': 90,
        'gen_ai.usage.completion_tokens': 10,
        'gen_ai.usage.cache_read_input_tokens': 40,
        'gen_ai.usage.cache_creation_input_tokens': 20,
        'gen_ai.usage.reasoning_tokens': 4,
      }),
    ).toEqual({
      promptTokens: 90,
      completionTokens: 10,
      cachedTokens: 40,
      cacheWriteTokens: 20,
      reasoningTokens: 4,
    })
  })

  it('reads the AI SDK v4 names and OpenInference counts', () => {
    expect(usage({ 'ai.usage.promptTokens': 12, 'ai.usage.completionTokens': 3 })).toMatchObject({
      promptTokens: 12,
      completionTokens: 3,
    })
    expect(
      usage({
        'llm.token_count.prompt': 4299,
        'llm.token_count.completion': 631,
        'llm.token_count.prompt_details.cache_read': 2000,
        'llm.token_count.completion_details.reasoning': 100,
      }),
    ).toEqual({
      promptTokens: 4299,
      completionTokens: 631,
      cachedTokens: 2000,
      cacheWriteTokens: 0,
      reasoningTokens: 100,
    })
  })

  it('adds cache tokens an emitter reported apart from its input tokens', () => {
    // Anthropic's own usage counts input_tokens without the cache; some instrumentations copy it as is.
    expect(
      usage({
        'gen_ai.usage.input_tokens': 30,
        'gen_ai.usage.output_tokens': 7,
        'gen_ai.usage.cache_read.input_tokens': 10,
        'gen_ai.usage.cache_creation.input_tokens': 40,
      }),
    ).toMatchObject({ promptTokens: 80, cachedTokens: 10, cacheWriteTokens: 40 })
  })

  it('counts nothing when the span has no usage (a call that failed before the answer)', () => {
    expect(usage({})).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
  })
})
