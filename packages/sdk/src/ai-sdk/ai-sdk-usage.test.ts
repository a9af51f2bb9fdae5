import { describe, expect, it } from 'vitest'
import { aiSdkUsage } from './ai-sdk-usage'
import { providerAndModel } from './tokenledger-middleware'

describe('aiSdkUsage', () => {
  it('takes the totals, which already include cache and reasoning tokens', () => {
    expect(
      aiSdkUsage({
        inputTokens: { total: 1200, noCache: 176, cacheRead: 1024, cacheWrite: 0 },
        outputTokens: { total: 300, text: 44, reasoning: 256 },
      }),
    ).toEqual({
      promptTokens: 1200,
      completionTokens: 300,
      cachedTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 256,
    })
  })

  it('sums the parts when a provider leaves a total out, and reads 1-hour writes and web searches from raw', () => {
    expect(
      aiSdkUsage({
        inputTokens: { total: undefined, noCache: 50, cacheRead: 2000, cacheWrite: 300 },
        outputTokens: { total: undefined, text: 10, reasoning: 5 },
        raw: {
          cache_creation: { ephemeral_1h_input_tokens: 300 },
          server_tool_use: { web_search_requests: 1 },
        },
      }),
    ).toEqual({
      promptTokens: 2350,
      completionTokens: 15,
      cachedTokens: 2000,
      cacheWriteTokens: 300,
      cacheWrite1hTokens: 300,
      reasoningTokens: 5,
      webSearchRequests: 1,
    })
    expect(aiSdkUsage(undefined)).toMatchObject({ promptTokens: 0, completionTokens: 0 })
  })
})

describe('providerAndModel', () => {
  it('records the provider without the api suffix, and the provider a gateway model id names', () => {
    expect(providerAndModel({ provider: 'openai.responses', modelId: 'gpt-4o' })).toEqual({
      provider: 'openai',
      modelId: 'gpt-4o',
    })
    expect(providerAndModel({ provider: 'gateway', modelId: 'anthropic/claude-sonnet-4.5' })).toEqual({
      provider: 'anthropic',
      modelId: 'claude-sonnet-4.5',
    })
    expect(providerAndModel({ provider: 'mistral', modelId: 'a/b' })).toEqual({
      provider: 'mistral',
      modelId: 'a/b',
    })
  })
})
