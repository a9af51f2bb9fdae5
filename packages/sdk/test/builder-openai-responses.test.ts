import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
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
    defaults: { userId: 7 },
    checkBudgets: false,
  })
  return { api, tokenledger }
}

const usage = {
  promptTokens: 3000,
  completionTokens: 1000,
  cachedTokens: 1000,
  cacheWriteTokens: 0,
  reasoningTokens: 200,
}

describe('text builder .viaResponses()', () => {
  it('sends the call to the Responses API and logs it', async () => {
    const { api, tokenledger } = setup()
    const result = await tokenledger
      .text()
      .using('openai', 'gpt-4o-mini')
      .viaResponses()
      .withSystem('You are terse.')
      .withPrompt('Say hello')
      .withMaxTokens(50)
      .withTemperature(0.2)
      .withPurposeDetail('responses builder')
      .generate()
    expect(result.text).toBe('Hello there!')
    expect(result.usage).toEqual(usage)
    expect(result.raw).toMatchObject({ object: 'response', model: 'gpt-4o-mini-2024-07-18' })
    expect(provider.requests.at(-1)).toMatchObject({
      path: '/v1/responses',
      body: {
        model: 'gpt-4o-mini',
        instructions: 'You are terse.',
        input: [{ role: 'user', content: 'Say hello' }],
        max_output_tokens: 50,
        temperature: 0.2,
        stream: false,
      },
    })
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        model: 'gpt-4o-mini-2024-07-18',
        ...usage,
        userId: 7,
        purposeDetail: 'responses builder',
        metadata: { requestedModel: 'gpt-4o-mini' },
        prompt: '[system]\nYou are terse.\n\n[user]\nSay hello',
        response: 'Hello there!',
      }),
    ])
  })

  it('streams the output text deltas and logs the usage of response.completed', async () => {
    const { api, tokenledger } = setup()
    const stream = tokenledger.text().using('openai', 'gpt-4o-mini').viaResponses().withPrompt('Hi').stream()
    const chunks: string[] = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks).toEqual(['Hello', ' there', '!'])
    const result = await stream.result
    expect(result.usage).toEqual(usage)
    expect((result.raw as Array<{ type: string }>).at(-1)?.type).toBe('response.completed')
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({ ...usage, success: true, response: 'Hello there!' }),
    ])
  })

  it('is refused for Anthropic', () => {
    const { tokenledger } = setup()
    expect(() =>
      tokenledger.text().using('anthropic', 'claude-sonnet-4-5').viaResponses().withPrompt('x').stream(),
    ).toThrow(TokenledgerConfigError)
  })
})

describe('text builder .embed()', () => {
  it('returns one vector per input and logs the input tokens', async () => {
    const { api, tokenledger } = setup()
    const result = await tokenledger
      .text()
      .using('openai', 'text-embedding-3-small')
      .withCategory('classification')
      .withProviderOptions({ dimensions: 3 })
      .embed(['first', 'second'])
    expect(result.embeddings).toEqual([
      [0.25, -0.5, 0.75],
      [0.25, -0.5, 0.75],
    ])
    expect(result.usage).toEqual({
      promptTokens: 5000,
      completionTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
    expect(provider.requests.at(-1)).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: ['first', 'second'], dimensions: 3 },
    })
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        model: 'text-embedding-3-small',
        promptTokens: 5000,
        completionTokens: 0,
        category: 'classification',
        prompt: 'first\n\nsecond',
        success: true,
      }),
    ])
  })

  it('refuses Anthropic, a missing model and empty input', async () => {
    const { tokenledger } = setup()
    await expect(tokenledger.text().using('anthropic', 'claude-x').embed('a')).rejects.toThrow(
      /has no embeddings api/,
    )
    await expect(tokenledger.text().embed('a')).rejects.toBeInstanceOf(TokenledgerConfigError)
    await expect(tokenledger.text().using('openai', 'text-embedding-3-small').embed([])).rejects.toThrow(
      /non-empty list/,
    )
  })
})
