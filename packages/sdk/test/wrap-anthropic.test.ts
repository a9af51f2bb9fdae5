import Anthropic from '@anthropic-ai/sdk'
import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages'
import {
  ANTHROPIC_USAGE_1H_WEB_SEARCH,
  type MockAnthropic,
  startMockAnthropic,
} from '@tokenledger/tooling/testing/mock-anthropic'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Tokenledger } from '../src'
import { wrapAnthropic } from '../src/anthropic'
import { fakeApiFetch } from './support/fake-api'

let provider: MockAnthropic
beforeAll(async () => {
  provider = await startMockAnthropic()
})
afterAll(() => provider.close())

function setup() {
  const api = fakeApiFetch()
  const tokenledger = new Tokenledger({
    url: 'http://tokenledger.invalid',
    apiKey: 'tl_test',
    fetch: api.fetch,
  })
  const raw = new Anthropic({ baseURL: provider.url, apiKey: 'sk-ant-test', maxRetries: 0 })
  const anthropic = wrapAnthropic(raw, tokenledger, { userId: 8 })
  return { api, tokenledger, raw, anthropic }
}

const body = {
  model: 'claude-sonnet-4-20250514',
  max_tokens: 256,
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: 'Hi' }],
}
const normalised = {
  promptTokens: 2350,
  completionTokens: 400,
  cachedTokens: 2000,
  cacheWriteTokens: 300,
  reasoningTokens: 0,
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of stream) items.push(item)
  return items
}

describe('wrapAnthropic', () => {
  it('returns exactly what the client returns and logs the call', async () => {
    const { api, tokenledger, raw, anthropic } = setup()
    const expected = await raw.messages.create(body)
    const message: Message = await anthropic.messages.create(body, {
      tokenledger: { documentId: 2, purposeDetail: 'hello' },
    })
    expect(message).toEqual(expected)
    expect(provider.requests.at(-1)?.body).toEqual(body)
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        ...normalised,
        success: true,
        userId: 8,
        documentId: 2,
        purposeDetail: 'hello',
        prompt: '[system]\nBe brief.\n\n[user]\nHi',
        response: 'Hello there!',
      }),
    ])
  })

  it('streams the same events as the client and logs the merged usage', async () => {
    const { api, tokenledger, raw, anthropic } = setup()
    const expected = await collect(await raw.messages.create({ ...body, stream: true }))
    const events: RawMessageStreamEvent[] = await collect(
      await anthropic.messages.create({ ...body, stream: true }),
    )
    expect(events).toEqual(expected)
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({ ...normalised, success: true, response: 'Hello there!' }),
    ])
  })

  it('tracks messages.stream() once, and its helpers still work', async () => {
    const { api, tokenledger, anthropic } = setup()
    const stream = anthropic.messages.stream(body, { tokenledger: { projectId: 6 } })
    const final = await stream.finalMessage()
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Hello there!' })
    await tokenledger.flush()
    expect(api.events).toEqual([expect.objectContaining({ ...normalised, projectId: 6, success: true })])
  })

  it('logs a failed call and rethrows the error unchanged', async () => {
    const failing = await startMockAnthropic()
    failing.failWith(400, 'max_tokens: must be positive')
    const { tokenledger, api } = setup()
    const anthropic = wrapAnthropic(
      new Anthropic({ baseURL: failing.url, apiKey: 'x', maxRetries: 0 }),
      tokenledger,
    )
    await expect(anthropic.messages.create(body)).rejects.toBeInstanceOf(Anthropic.BadRequestError)
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        success: false,
        errorMessage: expect.stringContaining('max_tokens: must be positive'),
      }),
    ])
    await failing.close()
  })

  it('logs 1-hour cache writes and web search requests, streamed or not', async () => {
    const usageMock = await startMockAnthropic()
    usageMock.setUsage(ANTHROPIC_USAGE_1H_WEB_SEARCH)
    const { tokenledger, api } = setup()
    const anthropic = wrapAnthropic(
      new Anthropic({ baseURL: usageMock.url, apiKey: 'x', maxRetries: 0 }),
      tokenledger,
    )
    await anthropic.messages.create(body)
    await collect(await anthropic.messages.create({ ...body, stream: true }))
    await tokenledger.flush()
    const expected = { ...normalised, cacheWrite1hTokens: 200, webSearchRequests: 2, success: true }
    expect(api.events).toEqual([expect.objectContaining(expected), expect.objectContaining(expected)])
    await usageMock.close()
  })
})
