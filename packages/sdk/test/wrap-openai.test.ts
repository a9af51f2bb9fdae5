import { type MockOpenAI, OPENAI_USAGE, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import OpenAI from 'openai'
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions'
import { Stream } from 'openai/streaming'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Tokenledger } from '../src'
import { wrapOpenAI } from '../src/openai'
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
    defaults: { category: 'general', metadata: { app: 'tests' } },
  })
  const raw = new OpenAI({ baseURL: `${provider.url}/v1`, apiKey: 'sk-test', maxRetries: 0 })
  const openai = wrapOpenAI(raw, tokenledger, { projectId: 5, metadata: { feature: 'chat' } })
  return { api, tokenledger, raw, openai }
}

const body = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] }
const normalised = {
  promptTokens: 1200,
  completionTokens: 300,
  cachedTokens: 1024,
  cacheWriteTokens: 0,
  reasoningTokens: 256,
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of stream) items.push(item)
  return items
}

describe('wrapOpenAI', () => {
  it('returns exactly what the client returns and logs the call with merged attribution', async () => {
    const { api, tokenledger, raw, openai } = setup()
    const expected = await raw.chat.completions.create(body)
    const completion: ChatCompletion = await openai.chat.completions.create(body, {
      tokenledger: { userId: 11, category: 'summarization', metadata: { step: 1 } },
      headers: { 'x-test': 'yes' },
    })
    expect(completion).toEqual(expected)

    const request = provider.requests.at(-1)
    expect(request?.body).toEqual(body)
    expect(request?.headers['x-test']).toBe('yes')

    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o',
        ...normalised,
        success: true,
        userId: 11,
        projectId: 5,
        category: 'summarization',
        metadata: { app: 'tests', feature: 'chat', step: 1 },
        prompt: 'Hi',
        response: 'Hello there!',
      }),
    ])
    expect(openai.tokenledger).toBe(tokenledger)
  })

  it("names the OpenAI-compatible provider of the client's base URL, and keeps 'openai' otherwise", async () => {
    const api = fakeApiFetch()
    const tokenledger = new Tokenledger({
      url: 'http://tokenledger.invalid',
      apiKey: 'tl_test',
      fetch: api.fetch,
    })
    // A client pointed at Groq; its requests are routed to the mock server.
    const groqBase = 'https://api.groq.com/openai/v1'
    const groq = new OpenAI({
      baseURL: groqBase,
      apiKey: 'gsk-test',
      maxRetries: 0,
      fetch: (url, init) => fetch(String(url).replace(groqBase, `${provider.url}/v1`), init),
    })
    const wrapped = wrapOpenAI(groq, tokenledger)
    await wrapped.chat.completions.create({ ...body, model: 'llama-3.3-70b-versatile' })
    await wrapped.embeddings.create({ model: 'text-embedding-3-small', input: 'Hi' })
    // The mock server's own address is no catalog provider's: still 'openai'.
    const local = wrapOpenAI(
      new OpenAI({ baseURL: `${provider.url}/v1`, apiKey: 'sk', maxRetries: 0 }),
      tokenledger,
    )
    await local.chat.completions.create(body)
    await tokenledger.flush()
    expect(api.events.map((e) => [e.provider, e.model])).toEqual([
      ['groq', 'llama-3.3-70b-versatile'],
      ['groq', 'text-embedding-3-small'],
      ['openai', 'gpt-4o'],
    ])
  })

  it('keeps the APIPromise helpers and the rest of the client working', async () => {
    const { tokenledger, openai } = setup()
    const { data, response, request_id } = await openai.chat.completions.create(body).withResponse()
    expect(data.choices[0]?.message.content).toBe('Hello there!')
    expect(response.status).toBe(200)
    expect(request_id).toBeNull()
    expect(openai.baseURL).toBe(`${provider.url}/v1`)
    expect(typeof openai.models.list).toBe('function')
    await tokenledger.flush()
    expect(tokenledger.stats().stored).toBe(1)
  })

  it('streams the same chunks as the client, reading the usage from an include_usage chunk it hides', async () => {
    const { api, tokenledger, raw, openai } = setup()
    const expected = await collect(await raw.chat.completions.create({ ...body, stream: true }))
    const stream = await openai.chat.completions.create(
      { ...body, stream: true },
      { tokenledger: { userId: 3 } },
    )
    expect(stream).toBeInstanceOf(Stream)
    const chunks: ChatCompletionChunk[] = await collect(stream)
    expect(chunks.map(({ usage: _, ...c }) => c)).toEqual(expected)
    expect(provider.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } })

    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({ ...normalised, success: true, userId: 3, response: 'Hello there!' }),
    ])
  })

  it("passes the usage chunk through when the caller asked for it, and doesn't touch stream_options", async () => {
    const { tokenledger, openai, api } = setup()
    const chunks = await collect(
      await openai.chat.completions.create({
        ...body,
        stream: true,
        stream_options: { include_usage: true },
      }),
    )
    expect(chunks.at(-1)?.usage).toEqual(OPENAI_USAGE)
    await tokenledger.flush()
    expect(api.events[0]).toMatchObject(normalised)
  })

  it('tracks the helpers built on create (chat.completions.stream) once', async () => {
    const { tokenledger, openai, api } = setup()
    const runner = openai.chat.completions.stream(body, { tokenledger: { userId: 4 } })
    const final = await runner.finalChatCompletion()
    expect(final.choices[0]?.message.content).toBe('Hello there!')
    await tokenledger.flush()
    expect(api.events).toEqual([expect.objectContaining({ ...normalised, userId: 4, success: true })])
  })

  it('logs a failed call and rethrows the error unchanged', async () => {
    const failing = await startMockOpenAI()
    failing.failWith(401, 'Incorrect API key provided')
    const { tokenledger, api } = setup()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${failing.url}/v1`, apiKey: 'x', maxRetries: 0 }),
      tokenledger,
    )
    await expect(openai.chat.completions.create(body)).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
    await expect(openai.chat.completions.create({ ...body, stream: true })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    )
    await tokenledger.flush()
    expect(api.events).toHaveLength(2)
    expect(
      api.events.every((e) => e.success === false && e.errorMessage?.includes('Incorrect API key')),
    ).toBe(true)
    await failing.close()
  })

  it('logs a stream the app stops reading as cancelled, with what it received', async () => {
    const { tokenledger, openai, api } = setup()
    const stream = await openai.chat.completions.create({ ...body, stream: true })
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content === 'Hello') break
    }
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        success: false,
        response: 'Hello',
        errorMessage: expect.stringContaining('cancelled'),
      }),
    ])
  })

  it('creates its own Tokenledger from options', async () => {
    const api = fakeApiFetch()
    const openai = wrapOpenAI(new OpenAI({ baseURL: `${provider.url}/v1`, apiKey: 'x', maxRetries: 0 }), {
      url: 'http://tokenledger.invalid',
      apiKey: 'tl_test',
      fetch: api.fetch,
    })
    await openai.chat.completions.create(body)
    await openai.tokenledger.shutdown()
    expect(api.events).toHaveLength(1)
  })

  it('records the prompt as it was sent, even if the app changes its messages afterwards', async () => {
    const { tokenledger, openai, api } = setup()
    const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [{ role: 'user', content: 'Hi' }]
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages, stream: true })
    for await (const chunk of stream) {
      messages.push({ role: 'assistant', content: chunk.choices[0]?.delta.content ?? '' })
    }
    await tokenledger.flush()
    expect(api.events[0]?.prompt).toBe('Hi')
  })
})
