import { describe, expect, it } from 'vitest'
import { anthropicUsage, mergeAnthropicUsage } from './anthropic-usage'

describe('anthropicUsage', () => {
  it('adds cache reads and cache writes to input_tokens (which exclude them)', () => {
    expect(
      anthropicUsage({
        input_tokens: 50,
        output_tokens: 400,
        cache_read_input_tokens: 2000,
        cache_creation_input_tokens: 300,
        output_tokens_details: { thinking_tokens: 120 },
      }),
    ).toEqual({
      promptTokens: 2350,
      completionTokens: 400,
      cachedTokens: 2000,
      cacheWriteTokens: 300,
      reasoningTokens: 120,
    })
  })

  it('carries 1-hour cache writes (a part of the cache writes) and web search requests', () => {
    expect(
      anthropicUsage({
        input_tokens: 50,
        output_tokens: 400,
        cache_read_input_tokens: 2000,
        cache_creation_input_tokens: 300,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
        server_tool_use: { web_search_requests: 2 },
      }),
    ).toEqual({
      promptTokens: 2350,
      completionTokens: 400,
      cachedTokens: 2000,
      cacheWriteTokens: 300,
      cacheWrite1hTokens: 200,
      reasoningTokens: 0,
      webSearchRequests: 2,
    })
  })

  it('raises the cache writes (and the prompt) to a 1-hour part reported above them', () => {
    expect(
      anthropicUsage({
        input_tokens: 10,
        output_tokens: 1,
        cache_creation: { ephemeral_1h_input_tokens: 40 },
        server_tool_use: { web_search_requests: 0 },
      }),
    ).toEqual({
      promptTokens: 40,
      completionTokens: 1,
      cachedTokens: 0,
      cacheWriteTokens: 40,
      cacheWrite1hTokens: 40,
      reasoningTokens: 0,
    })
  })

  it('treats null cache fields as zero', () => {
    expect(
      anthropicUsage({
        input_tokens: 12,
        output_tokens: 3,
        cache_read_input_tokens: null,
        cache_creation_input_tokens: null,
      }),
    ).toEqual({
      promptTokens: 12,
      completionTokens: 3,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
  })
})

describe('mergeAnthropicUsage', () => {
  it('keeps the 1-hour cache writes of message_start and takes the web searches of message_delta', () => {
    const start = {
      input_tokens: 25,
      output_tokens: 1,
      cache_creation_input_tokens: 60,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 60 },
    }
    const delta = { output_tokens: 42, server_tool_use: { web_search_requests: 3 } }
    expect(anthropicUsage(mergeAnthropicUsage(start, delta))).toMatchObject({
      promptTokens: 85,
      cacheWriteTokens: 60,
      cacheWrite1hTokens: 60,
      webSearchRequests: 3,
    })
  })

  it('lets message_delta override output and keeps message_start input when the delta leaves it null', () => {
    const start = {
      input_tokens: 25,
      output_tokens: 1,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 0,
    }
    const delta = { input_tokens: null, output_tokens: 42, cache_read_input_tokens: null }
    expect(anthropicUsage(mergeAnthropicUsage(start, delta))).toEqual({
      promptTokens: 125,
      completionTokens: 42,
      cachedTokens: 100,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
  })
})
