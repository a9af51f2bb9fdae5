import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { startMockServer } from '@tokenledger/tooling/testing/mock-server'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Tokenledger, TokenledgerConfigError } from '../src'
import { fakeApiFetch } from './support/fake-api'

let provider: MockOpenAI
beforeAll(async () => {
  provider = await startMockOpenAI()
})
afterAll(() => provider.close())

function setup() {
  const api = fakeApiFetch()
  const tokenledger = new Tokenledger({
    url: 'http://tokenledger.invalid',
    apiKey: 'tl_test',
    fetch: api.fetch,
    openai: { baseURL: `${provider.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
    defaults: { userId: 7, metadata: { app: 'tests' } },
  })
  return { api, tokenledger }
}

const expectedUsage = {
  promptTokens: 1200,
  completionTokens: 300,
  cachedTokens: 1024,
  cacheWriteTokens: 0,
  reasoningTokens: 256,
}

describe('text builder with OpenAI', () => {
  it('generates: returns text, normalised usage, duration and the raw completion, and logs the call', async () => {
    const { api, tokenledger } = setup()
    const result = await tokenledger
      .text()
      .using('openai', 'gpt-4o-mini')
      .withSystem('You are terse.')
      .withPrompt('Say hello to jane@example.com')
      .withCategory('summarization')
      .withPurposeDetail('greeting')
      .forProject(3)
      .forDocument(4)
      .forLoggable('estimate', 42)
      .withMetadata({ feature: 'greet' })
      .withMaxTokens(50)
      .withTemperature(0.2)
      .generate()

    expect(result.text).toBe('Hello there!')
    expect(result.usage).toEqual(expectedUsage)
    expect(result.durationMs).toBeGreaterThanOrEqual(0)
    expect(result.raw).toMatchObject({ object: 'chat.completion', id: 'chatcmpl-1' })

    const sent = provider.requests.at(-1)?.body
    expect(sent).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello to jane@example.com' },
      ],
      max_completion_tokens: 50,
      temperature: 0.2,
      stream: false,
    })

    await tokenledger.flush()
    expect(api.events).toHaveLength(1)
    const event = api.events[0]
    expect(event).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      ...expectedUsage,
      success: true,
      category: 'summarization',
      purposeDetail: 'greeting',
      userId: 7,
      projectId: 3,
      documentId: 4,
      loggable: { type: 'estimate', id: 42 },
      metadata: { app: 'tests', feature: 'greet' },
      prompt: '[system]\nYou are terse.\n\n[user]\nSay hello to jane@example.com',
      response: 'Hello there!',
      durationMs: result.durationMs,
    })
    expect(event?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(Date.parse(event?.occurredAt ?? '')).toBeLessThanOrEqual(Date.now())
    expect(event).not.toHaveProperty('budgetOverrideId')
  })

  it('streams: yields the text chunks, then resolves the result with the usage of the include_usage chunk', async () => {
    const { api, tokenledger } = setup()
    const stream = tokenledger.text().using('openai', 'gpt-4o-mini').withPrompt('Hi').stream()
    const chunks: string[] = []
    for await (const chunk of stream) chunks.push(chunk)
    const result = await stream.result

    expect(chunks).toEqual(['Hello', ' there', '!'])
    expect(result.text).toBe('Hello there!')
    expect(result.usage).toEqual(expectedUsage)
    expect(result.raw).toHaveLength(5)
    expect(provider.requests.at(-1)?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    })

    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({ success: true, ...expectedUsage, prompt: 'Hi', response: 'Hello there!' }),
    ])
  })

  it('logs a provider error as a failure and rethrows it unchanged', async () => {
    const failing = await startMockOpenAI()
    failing.failWith(400, 'model_not_found: no such model')
    const api = fakeApiFetch()
    const tokenledger = new Tokenledger({
      url: 'http://tokenledger.invalid',
      apiKey: 'tl_test',
      fetch: api.fetch,
      openai: new OpenAI({ baseURL: `${failing.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
    })
    const error = await tokenledger
      .text()
      .using('openai', 'gpt-nope')
      .withPrompt('Hi')
      .generate()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('model_not_found') })

    const streamError = await (async () => {
      for await (const _ of tokenledger.text().using('openai', 'gpt-nope').withPrompt('Hi').stream()) {
        // no chunks
      }
    })().catch((e: unknown) => e)
    expect(streamError).toBeInstanceOf(OpenAI.BadRequestError)

    await tokenledger.flush()
    expect(api.events).toHaveLength(2)
    for (const event of api.events) {
      expect(event).toMatchObject({
        provider: 'openai',
        model: 'gpt-nope',
        success: false,
        errorMessage: expect.stringContaining('model_not_found'),
        promptTokens: 0,
        completionTokens: 0,
        prompt: 'Hi',
      })
    }
    await failing.close()
  })

  it('sends the budget override with the event (budgetOverrideId), refusing one that is not an override id', async () => {
    const { api, tokenledger } = setup()
    const id = '5b0f3c1e-9c1a-4d8e-8f57-2a7c1f0f9a11'
    const builder = tokenledger
      .text()
      .using('openai', 'gpt-4o-mini')
      .withPrompt('Hi')
      .withBudgetOverride({ id })
    expect(builder.snapshot().budgetOverride).toBe(id)
    await builder.generate()
    await tokenledger.flush()
    expect(api.events[0]?.budgetOverrideId).toBe(id)
    expect(() => tokenledger.text().withBudgetOverride('yes please')).toThrow(TokenledgerConfigError)
  })

  it('refuses to generate without a provider or a prompt', async () => {
    const { tokenledger } = setup()
    await expect(tokenledger.text().withPrompt('x').generate()).rejects.toBeInstanceOf(TokenledgerConfigError)
    expect(() => tokenledger.text().using('openai', 'gpt-4o').stream()).toThrow(TokenledgerConfigError)
  })

  it('cancels the request when the consumer stops reading, and logs the call as cancelled', async () => {
    const { api, tokenledger } = setup()
    const stream = tokenledger.text().using('openai', 'gpt-4o-mini').withPrompt('Hi').stream()
    for await (const chunk of stream) {
      expect(chunk).toBe('Hello')
      break
    }
    expect((await stream.result).text).toBe('Hello')
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        success: false,
        prompt: 'Hi',
        errorMessage: expect.stringContaining('cancelled'),
      }),
    ])
  })

  it('never makes the app wait for the api: a hanging api does not slow generate()', async () => {
    const hanging = await startMockServer(() => new Promise(() => {}))
    const errors: unknown[] = []
    const tokenledger = new Tokenledger({
      url: hanging.url,
      apiKey: 'tl_test',
      // The budget check is the one thing a call waits for, and only this long: then it fails open.
      budgetCheckTimeoutMs: 100,
      onError: (error) => errors.push(error),
      openai: { baseURL: `${provider.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
      batch: { maxBatchSize: 1, requestTimeoutMs: 60_000 },
    })
    const started = Date.now()
    for (let i = 0; i < 3; i++) {
      await tokenledger.text().using('openai', 'gpt-4o-mini').withPrompt('Hi').generate()
    }
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(Array(3).fill('BUDGET_CHECK_FAILED'))
    expect(tokenledger.stats()).toMatchObject({ queued: 3, stored: 0 })
    expect(await tokenledger.shutdown({ timeoutMs: 50 })).toEqual({ flushed: false, remaining: 3 })
    await hanging.close()
  })
})
