import Anthropic from '@anthropic-ai/sdk'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logRows, type System, startSystem } from './support/system'

// The official Anthropic client pointed at the gateway: the Tokenledger key as its bearer token.
let system: System
let tenant: Tenant
let client: Anthropic

beforeAll(async () => {
  system = await startSystem()
  tenant = await createTenant(system.db, 'Gateway Anthropic')
  client = new Anthropic({
    authToken: tenant.apiKey,
    apiKey: null,
    baseURL: `${system.gateway.url}/anthropic`,
    maxRetries: 0,
    defaultHeaders: {
      'x-provider-authorization': 'sk-ant-upstream',
      'x-tokenledger-user-id': String(tenant.userId),
      'x-tokenledger-category': 'document_analysis',
    },
  })
})
afterAll(() => system.stop())

describe('Anthropic messages through the gateway', () => {
  it('answers, sends the provider key as x-api-key, and logs cache reads and writes inside the prompt', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: 'Be brief',
      messages: [{ role: 'user', content: 'My card is 4111 1111 1111 1111' }],
      metadata: { user_id: 'app-user-9' },
    })
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello there!' })
    const upstream = system.anthropic.requests.at(-1)
    expect(upstream?.headers['x-api-key']).toBe('sk-ant-upstream')
    expect(upstream?.headers.authorization).toBeUndefined()
    expect(upstream?.headers['anthropic-version']).toBeDefined()

    const [row] = await logRows(system.db, tenant.organizationId, 1)
    expect(row).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      prompt_tokens: 2350,
      completion_tokens: 400,
      cached_tokens: 2000,
      cache_write_tokens: 300,
      user_id: tenant.userId,
      category: 'document_analysis',
      task_type: 'messages',
      prompt_content: 'system: Be brief\nuser: My card is [REDACTED:credit_card]',
      response_content: 'Hello there!',
      metadata: expect.objectContaining({ providerUser: 'app-user-9' }),
    })
    expect(Number(row.cost)).toBeGreaterThan(0)
  })

  it('streams the events untouched and logs the usage of message_start and message_delta', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    const events: string[] = []
    for await (const event of stream) events.push(event.type)
    expect(events[0]).toBe('message_start')
    expect(events.at(-1)).toBe('message_stop')
    expect((await stream.finalMessage()).content[0]).toMatchObject({ text: 'Hello there!' })

    const rows = await logRows(system.db, tenant.organizationId, 2)
    expect(rows[1]).toMatchObject({
      prompt_tokens: 2350,
      completion_tokens: 400,
      response_content: 'Hello there!',
      success: true,
      metadata: expect.objectContaining({ stream: true }),
    })
  })

  it('passes a provider error through in Anthropic’s shape and logs a failed call', async () => {
    system.anthropic.failWith(400, 'max_tokens: field required')
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 1, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.BadRequestError)
    expect((error as Error).message).toContain('max_tokens: field required')
    const rows = await logRows(system.db, tenant.organizationId, 3)
    expect(rows[2]).toMatchObject({ success: false, prompt_tokens: 0 })
    expect(rows[2].error_message).toContain('max_tokens: field required')
  })
})
