import {
  type MockOpenAI,
  RESPONSES_TOOL_ARGUMENTS,
  startMockOpenAI,
} from '@tokenledger/tooling/testing/mock-openai'
import OpenAI from 'openai'
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses'
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
    defaults: { metadata: { app: 'tests' } },
  })
  const raw = new OpenAI({ baseURL: `${provider.url}/v1`, apiKey: 'sk-test', maxRetries: 0 })
  const openai = wrapOpenAI(raw, tokenledger, { projectId: 5 })
  return { api, tokenledger, raw, openai }
}

/** RESPONSES_USAGE normalised: input includes cached, output includes reasoning. */
const normalised = {
  promptTokens: 3000,
  completionTokens: 1000,
  cachedTokens: 1000,
  cacheWriteTokens: 0,
  reasoningTokens: 200,
}
const body = { model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'Hi' }

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of stream) items.push(item)
  return items
}

describe('wrapOpenAI: responses.create', () => {
  it('returns what the client returns and logs usage, the reported model and the text', async () => {
    const { api, tokenledger, raw, openai } = setup()
    const expected = await raw.responses.create(body)
    const response: Response = await openai.responses.create(body, {
      tokenledger: { userId: 3, purposeDetail: 'responses' },
    })
    expect(response).toEqual(expected)
    expect(response.output_text).toBe('Hello there!')
    expect(provider.requests.at(-1)?.body).toEqual(body)
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o-mini-2024-07-18',
        ...normalised,
        success: true,
        userId: 3,
        projectId: 5,
        purposeDetail: 'responses',
        metadata: { app: 'tests', requestedModel: 'gpt-4o-mini' },
        prompt: '[system]\nBe brief.\n\n[user]\nHi',
        response: 'Hello there!',
      }),
    ])
  })

  it('streams the same events and logs the usage of response.completed', async () => {
    const { api, tokenledger, raw, openai } = setup()
    const expected = await collect(await raw.responses.create({ ...body, stream: true }))
    const events: ResponseStreamEvent[] = await collect(
      await openai.responses.create({ ...body, stream: true }),
    )
    expect(events).toEqual(expected)
    expect(events.at(-1)?.type).toBe('response.completed')
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        model: 'gpt-4o-mini-2024-07-18',
        ...normalised,
        success: true,
        response: 'Hello there!',
      }),
    ])
  })

  it('renders input items and function calls, the ones it cannot read as JSON', async () => {
    const { api, tokenledger, openai } = setup()
    await openai.responses.create({
      model: 'gpt-4o-mini',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Mail the summary' }] },
        { type: 'function_call', call_id: 'c0', name: 'lookup', arguments: '{"id":1}' },
        { type: 'function_call_output', call_id: 'c0', output: 'jane@example.com' },
      ],
      tools: [{ type: 'function', name: 'send_mail', parameters: {}, strict: false }],
    })
    await tokenledger.flush()
    const [event] = api.events
    expect(event?.prompt).toBe(
      [
        '[user]\nMail the summary',
        '[function_call]\n[tool call lookup] {"id":1}',
        '[function_call_output]\n[function_call_output] {"type":"function_call_output","call_id":"c0","output":"jane@example.com"}',
      ].join('\n\n'),
    )
    expect(event?.response).toBe(`Hello there!\n[tool call send_mail] ${RESPONSES_TOOL_ARGUMENTS}`)
  })

  it('tracks responses.stream() once, and its helpers still work', async () => {
    const { api, tokenledger, openai } = setup()
    const stream = openai.responses.stream(body, { tokenledger: { documentId: 9 } })
    const final = await stream.finalResponse()
    expect(final.output_text).toBe('Hello there!')
    await tokenledger.flush()
    expect(api.events).toEqual([expect.objectContaining({ ...normalised, documentId: 9, success: true })])
  })

  it('logs a stream left early as cancelled, with the text received so far', async () => {
    const { api, tokenledger, openai } = setup()
    const stream = await openai.responses.create({ ...body, stream: true })
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') break
    }
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        success: false,
        response: 'Hello',
        errorMessage: expect.stringContaining('cancelled'),
        promptTokens: 0,
      }),
    ])
  })

  it('logs a failed call and rethrows the error unchanged', async () => {
    const failing = await startMockOpenAI()
    failing.failWith(400, 'input: too long')
    const { tokenledger, api } = setup()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${failing.url}/v1`, apiKey: 'x', maxRetries: 0 }),
      tokenledger,
    )
    await expect(openai.responses.create(body)).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        model: 'gpt-4o-mini',
        success: false,
        errorMessage: expect.stringContaining('input: too long'),
      }),
    ])
    await failing.close()
  })
})

describe('wrapOpenAI: embeddings.create', () => {
  it('returns the decoded vectors and logs input tokens only, with the input as the prompt', async () => {
    const { api, tokenledger, raw, openai } = setup()
    const input = ['first text', 'second text']
    const expected = await raw.embeddings.create({ model: 'text-embedding-3-small', input })
    const result = await openai.embeddings.create(
      { model: 'text-embedding-3-small', input },
      { tokenledger: { category: 'classification' } },
    )
    expect(result).toEqual(expected)
    expect(result.data[1]?.embedding).toEqual([0.25, -0.5, 0.75])
    await tokenledger.flush()
    expect(api.events).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'text-embedding-3-small',
        promptTokens: 5000,
        completionTokens: 0,
        cachedTokens: 0,
        reasoningTokens: 0,
        success: true,
        category: 'classification',
        prompt: 'first text\n\nsecond text',
        response: '',
        metadata: { app: 'tests' },
      }),
    ])
  })
})
