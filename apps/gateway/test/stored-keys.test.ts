import { randomBytes } from 'node:crypto'
import Anthropic from '@anthropic-ai/sdk'
import { deleteProviderKey, gatewayToken, setProviderKey } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, startGateway } from '../src'
import { logRows, type System, startSystem } from './support/system'

// Calls without x-provider-authorization use the organization's stored key: the api and the
// gateway share a master key, the api decrypts, the gateway forwards it to the (mock) provider.
const master = randomBytes(32)
const OPENAI_KEY = 'sk-proj-stored-openai-key-0001'
const ANTHROPIC_KEY = 'sk-ant-api03-stored-anthropic-key-0002'
const CACHE_MS = 1_000
let system: System
let tenant: Tenant
let bare: Tenant

beforeAll(async () => {
  system = await startSystem(
    { gatewayToken: gatewayToken(master), providerKeyCacheMs: CACHE_MS },
    { masterKey: async () => master },
  )
  tenant = await createTenant(system.db, 'Gateway stored keys')
  bare = await createTenant(system.db, 'Gateway no stored keys')
  await setProviderKey(system.db, master, {
    organizationId: tenant.organizationId,
    provider: 'openai',
    key: OPENAI_KEY,
  })
  await setProviderKey(system.db, master, {
    organizationId: tenant.organizationId,
    provider: 'anthropic',
    key: ANTHROPIC_KEY,
  })
})
afterAll(() => system.stop())

const openai = (t: Tenant, headers: Record<string, string> = {}, gateway: Gateway = system.gateway) =>
  new OpenAI({
    apiKey: t.apiKey,
    baseURL: `${gateway.url}/openai/v1`,
    maxRetries: 0,
    defaultHeaders: headers,
  })
const chat = (client: OpenAI) =>
  client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })

describe('stored provider keys in the gateway', () => {
  it('sends the organization’s stored OpenAI key upstream when the call brings none, and logs the call', async () => {
    const answer = await chat(openai(tenant))
    expect(answer.choices[0]?.message.content).toBe('Hello there!')
    expect(system.openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`)
    const [row] = await logRows(system.db, tenant.organizationId, 1)
    expect(row).toMatchObject({ provider: 'openai', success: true })
    expect(JSON.stringify(row)).not.toContain(OPENAI_KEY)
  })

  it('sends the stored Anthropic key as x-api-key', async () => {
    const client = new Anthropic({
      authToken: tenant.apiKey,
      apiKey: null,
      baseURL: `${system.gateway.url}/anthropic`,
      maxRetries: 0,
    })
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(system.anthropic.requests.at(-1)?.headers['x-api-key']).toBe(ANTHROPIC_KEY)
  })

  it('prefers the key in x-provider-authorization over the stored one', async () => {
    await chat(openai(tenant, { 'x-provider-authorization': 'Bearer sk-from-the-header' }))
    expect(system.openai.requests.at(-1)?.headers.authorization).toBe('Bearer sk-from-the-header')
  })

  it('answers a provider-shaped 401 naming both ways when there is no key at all', async () => {
    const calls = system.openai.requests.length
    const refused = await chat(openai(bare)).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((refused as Error).message).toMatch(
      /no openai key for this call: send it in x-provider-authorization, or have a super admin store one for the organization/,
    )
    expect(system.openai.requests.length).toBe(calls)

    const anthropic = await fetch(`${system.gateway.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-tokenledger-key': bare.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] }),
    })
    expect(anthropic.status).toBe(401)
    expect(await anthropic.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_api_key', message: expect.stringContaining('x-provider-authorization') },
    })
  })

  it('reuses a looked-up key for the cache time, then picks up a rotation and a deletion', async () => {
    const client = openai(tenant)
    // A fresh lookup, so the cached key has its whole lifetime ahead.
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 50))
    await chat(client)
    await setProviderKey(system.db, master, {
      organizationId: tenant.organizationId,
      provider: 'openai',
      key: 'sk-proj-rotated-openai-key-0003',
    })
    await chat(client)
    expect(system.openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`)
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 50))
    await chat(client)
    expect(system.openai.requests.at(-1)?.headers.authorization).toBe(
      'Bearer sk-proj-rotated-openai-key-0003',
    )

    await deleteProviderKey(system.db, tenant.organizationId, 'openai')
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 50))
    expect(await chat(client).catch((error: unknown) => error)).toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('says so when the gateway’s master key is not the api’s, and when it has no token at all', async () => {
    const strangers = await Promise.all([
      startGateway({
        port: 0,
        apiUrl: system.api.url,
        openaiBaseUrl: `${system.openai.url}/v1`,
        gatewayToken: gatewayToken(randomBytes(32)),
      }),
      startGateway({ port: 0, apiUrl: system.api.url, openaiBaseUrl: `${system.openai.url}/v1` }),
    ])
    try {
      const [wrongToken, noToken] = await Promise.all(
        strangers.map((gateway) => chat(openai(tenant, {}, gateway)).catch((error: unknown) => error)),
      )
      expect(wrongToken).toMatchObject({ status: 500 })
      expect((wrongToken as Error).message).toMatch(/the gateway and the api need the same master key/)
      expect(noToken).toBeInstanceOf(OpenAI.AuthenticationError)
      expect((noToken as Error).message).toMatch(/started without access to stored keys/)
    } finally {
      await Promise.all(strangers.map((gateway) => gateway.close()))
    }
  })
})
