import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { EMBEDDING_USAGE, RESPONSES_USAGE } from '@tokenledger/tooling/testing/mock-openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logRows, type System, startSystem } from './support/system'

// The official openai client pointed at the gateway, the real api and database behind it.
let system: System
let tenant: Tenant
let client: OpenAI

beforeAll(async () => {
  system = await startSystem()
})
afterAll(() => system.stop())

const clientFor = (t: Tenant, headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: t.apiKey,
    baseURL: `${system.gateway.url}/openai/v1`,
    maxRetries: 0,
    defaultHeaders: { 'x-provider-authorization': 'Bearer sk-upstream', ...headers },
  })

describe('OpenAI chat completions through the gateway', () => {
  beforeAll(async () => {
    tenant = await createTenant(system.db, 'Gateway OpenAI')
    client = clientFor(tenant, {
      'x-tokenledger-user-id': String(tenant.userId),
      'x-tokenledger-project-id': String(tenant.projectId),
      'x-tokenledger-document-id': String(tenant.documentId),
      'x-tokenledger-category': 'summarization',
      'x-tokenledger-purpose': 'Weekly digest',
    })
  })

  it('answers as OpenAI would, and logs tokens, cost, attribution and the redacted prompt', async () => {
    const { data, response } = await client.chat.completions
      .create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'Reply to jane.doe@example.com about the estimate' }],
        user: 'end-user-7',
      })
      .withResponse()
    expect(data.choices[0]?.message.content).toBe('Hello there!')
    expect(Number(response.headers.get('x-tokenledger-overhead-ms'))).toBeGreaterThanOrEqual(0)

    const upstream = system.openai.requests.at(-1)
    expect(upstream?.headers.authorization).toBe('Bearer sk-upstream')
    expect(JSON.stringify(upstream?.headers)).not.toContain(tenant.apiKey)

    const [row] = await logRows(system.db, tenant.organizationId, 1)
    expect(row).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 1200,
      completion_tokens: 300,
      cached_tokens: 1024,
      reasoning_tokens: 256,
      success: true,
      task_type: 'chat.completions',
      user_id: tenant.userId,
      project_id: tenant.projectId,
      document_id: tenant.documentId,
      category: 'summarization',
      purpose_detail: 'Weekly digest',
      response_content: 'Hello there!',
      content_redacted: true,
      metadata: expect.objectContaining({ providerUser: 'end-user-7', stream: false }),
    })
    expect(row.prompt_content).toBe('user: Reply to [REDACTED:email] about the estimate')
    expect(row.cost).not.toBeNull()
    expect(Number(row.cost)).toBeGreaterThan(0)
  })

  it('streams chunk by chunk, asks the provider for usage and hides that extra chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello there!')
    expect(chunks.every((c) => c.choices.length === 1 && !c.usage)).toBe(true)
    expect(system.openai.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } })

    const rows = await logRows(system.db, tenant.organizationId, 2)
    expect(rows[1]).toMatchObject({
      prompt_tokens: 1200,
      completion_tokens: 300,
      response_content: 'Hello there!',
      success: true,
      metadata: expect.objectContaining({ stream: true }),
    })
  })

  it('passes the usage chunk through when the client asked for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(1200)
    const rows = await logRows(system.db, tenant.organizationId, 3)
    expect(rows[2]).toMatchObject({ prompt_tokens: 1200, completion_tokens: 300 })
  })
})

describe('OpenAI responses and embeddings through the gateway', () => {
  it('logs the Responses API, streamed and not, and embeddings', async () => {
    const own = await createTenant(system.db, 'Gateway Responses')
    const c = clientFor(own)
    const response = await c.responses.create({ model: 'gpt-4.1', input: 'Call 415-555-0147 please' })
    expect(response.output_text).toBe('Hello there!')
    const stream = await c.responses.create({ model: 'gpt-4.1', input: 'Hi', stream: true })
    const types: string[] = []
    for await (const event of stream) types.push(event.type)
    expect(types.at(-1)).toBe('response.completed')
    const embedding = await c.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' })
    // The mock's vector, sent as float32 base64: exactly representable, so it comes back unchanged.
    expect(embedding.data[0]?.embedding).toEqual([0.25, -0.5, 0.75])

    const rows = await logRows(system.db, own.organizationId, 3)
    const responsesRow = {
      prompt_tokens: RESPONSES_USAGE.input_tokens,
      completion_tokens: RESPONSES_USAGE.output_tokens,
      cached_tokens: RESPONSES_USAGE.input_tokens_details.cached_tokens,
      reasoning_tokens: RESPONSES_USAGE.output_tokens_details.reasoning_tokens,
    }
    expect(rows[0]).toMatchObject({
      task_type: 'responses',
      ...responsesRow,
      response_content: 'Hello there!',
    })
    expect(rows[0].prompt_content).toContain('[REDACTED:phone]')
    expect(rows[1]).toMatchObject({
      task_type: 'responses',
      ...responsesRow,
      response_content: 'Hello there!',
    })
    expect(rows[2]).toMatchObject({
      task_type: 'embeddings',
      model: 'text-embedding-3-small',
      prompt_tokens: EMBEDDING_USAGE.prompt_tokens,
      completion_tokens: 0,
      prompt_content: 'hello',
    })
  })
})

describe('a plain HTTP client (curl) through the gateway', () => {
  it('works with fetch and x-tokenledger-key', async () => {
    const own = await createTenant(system.db, 'Gateway curl')
    const res = await fetch(`${system.gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tokenledger-key': own.apiKey,
        'x-provider-authorization': 'sk-bare',
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-tokenledger-overhead-ms')).toMatch(/^\d+\.\d{3}$/)
    expect(((await res.json()) as { choices: unknown[] }).choices).toHaveLength(1)
    expect(system.openai.requests.at(-1)?.headers.authorization).toBe('Bearer sk-bare')
    const [row] = await logRows(system.db, own.organizationId, 1)
    expect(row).toMatchObject({ model: 'gpt-4o-mini', prompt_tokens: 1200, user_id: null })
  })
})
