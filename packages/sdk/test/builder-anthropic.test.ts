import Anthropic from '@anthropic-ai/sdk'
import { type MockAnthropic, startMockAnthropic } from '@tokenledger/tooling/testing/mock-anthropic'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Tokenledger } from '../src'
import { fakeApiFetch } from './support/fake-api'

let provider: MockAnthropic
beforeAll(async () => {
  provider = await startMockAnthropic()
})
afterAll(() => provider.close())

function setup(anthropic: Anthropic | ConstructorParameters<typeof Anthropic>[0] = {}) {
  const api = fakeApiFetch()
  const tokenledger = new Tokenledger({
    url: 'http://tokenledger.invalid',
    apiKey: 'tl_test',
    fetch: api.fetch,
    anthropic:
      anthropic instanceof Anthropic
        ? anthropic
        : { baseURL: provider.url, apiKey: 'sk-ant-test', maxRetries: 0 },
  })
  return { api, tokenledger }
}

// input 50 + cache read 2,000 + cache write 300: Anthropic's input_tokens exclude the cache.
const expectedUsage = {
  promptTokens: 2350,
  completionTokens: 400,
  cachedTokens: 2000,
  cacheWriteTokens: 300,
  reasoningTokens: 0,
}

describe('text builder with Anthropic', () => {
  it('generates: system prompt apart, max_tokens defaulted, usage with cache tokens added, call logged', async () => {
    const { api, tokenledger } = setup()
    const result = await tokenledger
      .text()
      .using('anthropic', 'claude-sonnet-4-20250514')
      .withSystem('You are terse.')
      .withMessages([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Say it again' },
      ])
      .withCategory('classification')
      .forUser(9)
      .generate()

    expect(result.text).toBe('Hello there!')
    expect(result.usage).toEqual(expectedUsage)
    expect(result.raw).toMatchObject({ type: 'message', id: 'msg_1' })
    expect(provider.requests.at(-1)?.body).toEqual({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 1024,
      system: 'You are terse.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Say it again' },
      ],
      stream: false,
    })

    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        ...expectedUsage,
        success: true,
        category: 'classification',
        userId: 9,
        prompt: '[system]\nYou are terse.\n\n[user]\nHi\n\n[assistant]\nHello.\n\n[user]\nSay it again',
        response: 'Hello there!',
      }),
    ])
  })

  it('streams: text deltas, usage merged from message_start and message_delta', async () => {
    const { api, tokenledger } = setup()
    const stream = tokenledger.text().using('anthropic', 'claude-sonnet-4-20250514').withPrompt('Hi').stream()
    const chunks: string[] = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks).toEqual(['Hello', ' there', '!'])
    const result = await stream.result
    expect(result).toMatchObject({ text: 'Hello there!', usage: expectedUsage })
    expect(result.raw).toHaveLength(8)
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({ ...expectedUsage, success: true, response: 'Hello there!' }),
    ])
  })

  it('logs a provider error as a failure and rethrows it unchanged', async () => {
    const failing = await startMockAnthropic()
    failing.failWith(429, 'rate limited, slow down')
    const { api, tokenledger } = setup(new Anthropic({ baseURL: failing.url, apiKey: 'k', maxRetries: 0 }))
    const error = await tokenledger
      .text()
      .using('anthropic', 'claude-sonnet-4-20250514')
      .withPrompt('Hi')
      .generate()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.RateLimitError)
    expect(error).toMatchObject({ status: 429 })
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        success: false,
        errorMessage: expect.stringContaining('rate limited'),
      }),
    ])
    await failing.close()
  })
})
