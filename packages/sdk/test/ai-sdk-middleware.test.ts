import { generateText, streamText, wrapLanguageModel } from 'ai'
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { Tokenledger } from '../src'
import { tokenledgerMiddleware } from '../src/ai-sdk'
import { fakeApiFetch } from './support/fake-api'

// The middleware against ai's own mock model: no provider, no internet.
function setup() {
  const api = fakeApiFetch()
  const tokenledger = new Tokenledger({
    url: 'http://tokenledger.invalid',
    apiKey: 'tl_test',
    fetch: api.fetch,
    defaults: { metadata: { app: 'tests' } },
  })
  return { api, tokenledger }
}

/** What Anthropic reports through the AI SDK: 50 uncached, 2,000 cache reads, 300 cache writes (200 of them 1-hour), 2 web searches. */
const usage = {
  inputTokens: { total: 2350, noCache: 50, cacheRead: 2000, cacheWrite: 300 },
  outputTokens: { total: 400, text: 280, reasoning: 120 },
  raw: {
    input_tokens: 50,
    output_tokens: 400,
    cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
    server_tool_use: { web_search_requests: 2 },
  },
}
const normalised = {
  promptTokens: 2350,
  completionTokens: 400,
  cachedTokens: 2000,
  cacheWriteTokens: 300,
  cacheWrite1hTokens: 200,
  reasoningTokens: 120,
  webSearchRequests: 2,
}
const finishReason = { unified: 'stop' as const, raw: 'end_turn' }

function generatingModel() {
  return new MockLanguageModelV3({
    provider: 'anthropic.messages',
    modelId: 'claude-sonnet-4-5',
    doGenerate: async () => ({
      content: [
        { type: 'reasoning', text: 'thinking…' },
        { type: 'text', text: 'Hello there!' },
        { type: 'tool-call', toolCallId: 't1', toolName: 'mail', input: '{"to":"ana@example.com"}' },
      ],
      finishReason,
      usage,
      warnings: [],
      response: { id: 'r1', modelId: 'claude-sonnet-4-5-20250929', timestamp: new Date(0) },
    }),
  })
}

function streamingModel() {
  return new MockLanguageModelV3({
    provider: 'openai.responses',
    modelId: 'gpt-4o-mini',
    doStream: async () => ({
      stream: convertArrayToReadableStream([
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', id: 'r1', modelId: 'gpt-4o-mini-2024-07-18', timestamp: new Date(0) },
        { type: 'text-start', id: '1' },
        { type: 'text-delta', id: '1', delta: 'Hello' },
        { type: 'text-delta', id: '1', delta: ' there!' },
        { type: 'text-end', id: '1' },
        {
          type: 'finish',
          finishReason,
          usage: {
            inputTokens: { total: 3000, noCache: 2000, cacheRead: 1000, cacheWrite: undefined },
            outputTokens: { total: 1000, text: 800, reasoning: 200 },
          },
        },
      ]),
    }),
  })
}

describe('tokenledgerMiddleware', () => {
  it('logs generateText with normalised usage, provider and model, prompt and response', async () => {
    const { api, tokenledger } = setup()
    const model = wrapLanguageModel({
      model: generatingModel(),
      middleware: tokenledgerMiddleware(tokenledger, { category: 'summarization', userId: 4 }),
    })
    const result = await generateText({
      model,
      system: 'Be brief.',
      prompt: 'Hi',
      providerOptions: { tokenledger: { purposeDetail: 'ai-sdk', documentId: 9 } },
    })
    expect(result.text).toBe('Hello there!')
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5-20250929',
        ...normalised,
        success: true,
        category: 'summarization',
        userId: 4,
        documentId: 9,
        purposeDetail: 'ai-sdk',
        metadata: { app: 'tests', requestedModel: 'claude-sonnet-4-5' },
        prompt: '[system]\nBe brief.\n\n[user]\nHi',
        response: 'Hello there!\n[tool call mail] {"to":"ana@example.com"}',
      }),
    ])
  })

  it('logs streamText when the stream ends, with the usage of its finish part', async () => {
    const { api, tokenledger } = setup()
    const model = wrapLanguageModel({
      model: streamingModel(),
      middleware: tokenledgerMiddleware(tokenledger),
    })
    const result = streamText({ model, prompt: 'Hi' })
    expect(await result.text).toBe('Hello there!')
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o-mini-2024-07-18',
        promptTokens: 3000,
        completionTokens: 1000,
        cachedTokens: 1000,
        cacheWriteTokens: 0,
        reasoningTokens: 200,
        success: true,
        prompt: 'Hi',
        response: 'Hello there!',
      }),
    ])
    expect(api.events[0]).not.toHaveProperty('webSearchRequests')
  })

  it('logs a failed call with its error and rethrows it', async () => {
    const { api, tokenledger } = setup()
    const failing = new MockLanguageModelV3({
      provider: 'openai.chat',
      modelId: 'gpt-4o',
      doGenerate: async () => {
        throw new Error('rate limited')
      },
    })
    const model = wrapLanguageModel({ model: failing, middleware: tokenledgerMiddleware(tokenledger) })
    await expect(generateText({ model, prompt: 'Hi', maxRetries: 0 })).rejects.toThrow('rate limited')
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o',
        success: false,
        errorMessage: 'rate limited',
      }),
    ])
  })

  it('logs a stream cancelled by its reader as cancelled, with the text so far', async () => {
    const { api, tokenledger } = setup()
    const middleware = tokenledgerMiddleware(tokenledger)
    // A provider stream that sends one delta and then waits forever.
    const hanging = new ReadableStream({
      start(controller) {
        controller.enqueue({ type: 'text-delta', id: '1', delta: 'Hello' })
      },
    })
    const model = streamingModel()
    const { stream } = await (middleware.wrapStream as NonNullable<typeof middleware.wrapStream>)({
      doStream: async () => ({ stream: hanging }),
      doGenerate: () => model.doGenerate({ prompt: [] }),
      params: { prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      model,
    })
    const reader = stream.getReader()
    expect(await reader.read()).toMatchObject({ value: { type: 'text-delta', delta: 'Hello' } })
    await reader.cancel()
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        success: false,
        prompt: 'Hi',
        response: 'Hello',
        errorMessage: expect.stringContaining('cancelled'),
      }),
    ])
  })

  it('runs the budget check when asked and does not call the model when it is blocked', async () => {
    const { api, tokenledger } = setup()
    const blocked = { status: 'blocked', message: 'The organization budget is used up.', budgets: [] }
    const host = {
      callContext: tokenledger.callContext.bind(tokenledger),
      checkBudget: async () => blocked as never,
      requestOverride: async () => null,
      overrideUsable: async () => false,
    }
    const mock = generatingModel()
    const model = wrapLanguageModel({
      model: mock,
      middleware: tokenledgerMiddleware(host, { checkBudget: true }),
    })
    await expect(generateText({ model, prompt: 'Hi' })).rejects.toMatchObject({ code: 'BUDGET_BLOCKED' })
    expect(mock.doGenerateCalls).toHaveLength(0)
    await tokenledger.flush()
    expect(api.events).toEqual([])
  })
})
