import { createTenant, type Tenant } from '@tokenledger/db/testing'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logRows, type System, startSystem } from './support/system'

let system: System
let tenant: Tenant

beforeAll(async () => {
  system = await startSystem({ upstreamTimeoutMs: 400 })
  tenant = await createTenant(system.db, 'Gateway failures')
})
afterAll(() => system.stop())

const client = (headers: Record<string, string> = {}, apiKey = tenant.apiKey) =>
  new OpenAI({
    apiKey,
    baseURL: `${system.gateway.url}/openai/v1`,
    maxRetries: 0,
    defaultHeaders: { 'x-provider-authorization': 'sk-up', ...headers },
  })
const ask = (c: OpenAI, model = 'gpt-4o') =>
  c.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e)
const rowCount = async () =>
  Number(
    (await system.db('ai_usage_logs').where({ organization_id: tenant.organizationId }).count({ n: '*' }))[0]
      ?.n,
  )

describe('provider failures', () => {
  it('passes a 4xx and a 5xx through with their status and body, logged as failed calls', async () => {
    system.openai.failWith(404, 'The model `gpt-9` does not exist')
    const notFound = await ask(client(), 'gpt-9')
    system.openai.failWith(503, 'overloaded, try later')
    const unavailable = await ask(client())
    system.openai.stopFailing()

    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError)
    expect((notFound as Error).message).toContain('does not exist')
    expect(unavailable).toMatchObject({ status: 503 })
    expect((unavailable as Error).message).toContain('overloaded, try later')

    const rows = await logRows(system.db, tenant.organizationId, 2)
    expect(rows.map((r) => [r.model, r.success, r.metadata.upstreamStatus])).toEqual([
      ['gpt-9', false, 404],
      ['gpt-4o', false, 503],
    ])
    expect(rows[1].error_message).toContain('overloaded, try later')
  })

  it('answers 504 when the provider stays silent, and logs it', async () => {
    const before = await rowCount()
    const error = await ask(client(), 'hang-model')
    expect(error).toMatchObject({ status: 504 })
    expect((error as Error).message).toMatch(/timeout/)
    const rows = await logRows(system.db, tenant.organizationId, before + 1)
    expect(rows.at(-1)).toMatchObject({ model: 'hang-model', success: false })
  })

  it('ends the stream and logs a failed call when the provider stalls mid-answer', async () => {
    const before = await rowCount()
    const stream = await client().chat.completions.create({
      model: 'stall-model',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
    const text: string[] = []
    const failure = await (async () => {
      for await (const chunk of stream) text.push(chunk.choices[0]?.delta.content ?? '')
    })().catch((e: unknown) => e)
    expect(text.join('')).toBe('Hello')
    expect(failure).toBeInstanceOf(Error)
    const rows = await logRows(system.db, tenant.organizationId, before + 1)
    expect(rows.at(-1)).toMatchObject({ model: 'stall-model', success: false, response_content: 'Hello' })
    expect(rows.at(-1)?.error_message).toMatch(/sent nothing for 400 ms/)
  })

  it('answers 502 when the provider cannot be reached', async () => {
    const unreachable = await startSystem({ openaiBaseUrl: 'http://127.0.0.1:9/v1' })
    try {
      const c = new OpenAI({
        apiKey: tenant.apiKey,
        baseURL: `${unreachable.gateway.url}/openai/v1`,
        maxRetries: 0,
        defaultHeaders: { 'x-provider-authorization': 'sk-up' },
      })
      expect(await ask(c)).toMatchObject({ status: 502 })
    } finally {
      await unreachable.stop()
    }
  })

  it('cancels the provider request when the client aborts a stream, and logs what was used', async () => {
    const before = await rowCount()
    const abort = new AbortController()
    const stream = await client().chat.completions.create(
      { model: 'slow-model', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      { signal: abort.signal },
    )
    let received = 0
    const started = Date.now()
    try {
      for await (const _chunk of stream) {
        if (++received === 3) abort.abort()
      }
    } catch {
      // The client's own abort.
    }
    // 100 chunks 20 ms apart: the first ones arrive long before the last is written.
    expect(Date.now() - started).toBeLessThan(1_000)
    await waitFor(() => system.openai.abortedStreams() === 1)
    const rows = await logRows(system.db, tenant.organizationId, before + 1)
    expect(rows.at(-1)).toMatchObject({ model: 'slow-model', success: false })
    expect(rows.at(-1)?.error_message).toMatch(/client closed the connection/)
  })

  it('gives the provider request up when the client leaves before the answer, and logs why', async () => {
    const before = await rowCount()
    const asked = system.openai.requests.length
    const abort = new AbortController()
    const call = fetch(`${system.gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'x-provider-authorization': 'sk-up' },
      body: JSON.stringify({ model: 'hang-model', messages: [{ role: 'user', content: 'Hi' }] }),
      signal: abort.signal,
    }).catch((e: unknown) => e)
    // Once the provider has the request, and well before the gateway's 400 ms provider timeout.
    await waitFor(() => system.openai.requests.length > asked)
    abort.abort()
    expect(await call).toBeInstanceOf(Error)
    const rows = await logRows(system.db, tenant.organizationId, before + 1)
    expect(rows.at(-1)).toMatchObject({ model: 'hang-model', success: false })
    expect(rows.at(-1)?.error_message).toMatch(/client closed the connection/)
  })
})

describe('what the api would refuse', () => {
  it('logs a call whose model or provider user is longer than the api takes, cut', async () => {
    const before = await rowCount()
    const long = await fetch(`${system.gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'x-provider-authorization': 'sk-up' },
      body: JSON.stringify({
        model: `gpt-4o-${'m'.repeat(300)}`,
        user: 'u'.repeat(70_000),
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    })
    expect(long.status).toBe(200)
    const rows = await logRows(system.db, tenant.organizationId, before + 1)
    expect(rows).toHaveLength(before + 1)
    expect(rows.at(-1)?.model).toBe(`gpt-4o-${'m'.repeat(193)}`)
    expect(rows.at(-1)?.metadata.providerUser).toBe('u'.repeat(256))
  })
})

describe('what the gateway refuses itself', () => {
  it('refuses a missing or unknown Tokenledger key with 401, before the provider', async () => {
    const calls = system.openai.requests.length
    const unknown = await ask(client({}, 'tl_not_a_real_key_000000000000'))
    expect(unknown).toBeInstanceOf(OpenAI.AuthenticationError)
    const res = await fetch(`${system.gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /Authorization: Bearer tl_/,
    )
    expect(system.openai.requests.length).toBe(calls)
  })

  it('refuses a missing provider key, a string numeric id and a bad body with clear errors', async () => {
    const noProvider = await fetch(`${system.gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}` },
      body: '{}',
    })
    expect(noProvider.status).toBe(401)
    expect(await noProvider.text()).toContain('x-provider-authorization')

    const stringUser = await ask(client({ 'x-tokenledger-user-id': 'user_abc' }))
    expect(stringUser).toBeInstanceOf(OpenAI.BadRequestError)
    expect((stringUser as Error).message).toMatch(
      /numeric Tokenledger id.*send your own id in x-tokenledger-user/,
    )

    const foreignUser = await ask(client({ 'x-tokenledger-user-id': '999999999' }))
    expect(foreignUser).toMatchObject({ status: 400 })

    const badJson = await fetch(`${system.gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'x-provider-authorization': 'sk' },
      body: '{not json',
    })
    expect(badJson.status).toBe(400)
  })

  it('answers 404 for paths it does not serve, naming the ones it does', async () => {
    const res = await fetch(`${system.gateway.url}/openai/v1/models`, { method: 'POST' })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-tokenledger-overhead-ms')).toMatch(/^\d+\.\d{3}$/)
    expect(await res.text()).toContain('/anthropic/v1/messages')
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
