import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Anthropic from '@anthropic-ai/sdk'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import type { Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import {
  DeliveryError,
  EventRejectedError,
  Tokenledger,
  type TokenledgerError,
  type TokenledgerOptions,
} from '@tokenledger/sdk'
import { wrapAnthropic } from '@tokenledger/sdk/anthropic'
import type { MockAnthropic } from '@tokenledger/tooling/testing/mock-anthropic'
import { type MockOpenAI, OPENAI_USAGE, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDroppingProxy } from './support/dropping-proxy'
import { type SdkSystem, startSdkSystem } from './support/sdk-system'

// SDK → background delivery → real api (tRPC over HTTP) → Postgres, with local mock providers.
let db: Db
let api: ApiServer
let tenant: Tenant
let other: Tenant
let openaiMock: MockOpenAI
let anthropicMock: MockAnthropic

let system: SdkSystem

beforeAll(async () => {
  system = await startSdkSystem()
  ;({ db, api, openaiMock, anthropicMock } = system)
  tenant = await createTenant(db, 'Sdk')
  other = await createTenant(db, 'Other')
})
afterAll(() => system.close())

const fastRetries = { initialDelayMs: 20, maxDelayMs: 200, flushIntervalMs: 50, flushTimeoutMs: 15_000 }

function ledger(url: string, options: Partial<TokenledgerOptions> = {}) {
  const errors: TokenledgerError[] = []
  const tokenledger = new Tokenledger({
    url,
    apiKey: tenant.apiKey,
    openai: { baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
    batch: fastRetries,
    onError: (e) => errors.push(e),
    ...options,
  })
  return { tokenledger, errors }
}

/** Rows of this test run, found by the purpose the test gave them. */
const rows = (purposeDetail: string) =>
  db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId, purpose_detail: purposeDetail })
    .orderBy('id')

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('SDK end to end', () => {
  it('stores a builder call with its cost, attribution and the email in the prompt redacted', async () => {
    openaiMock.setUsage({ prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 })
    const { tokenledger, errors } = ledger(api.url, { defaults: { metadata: { app: 'e2e' } } })
    try {
      const result = await tokenledger
        .text()
        .using('openai', 'gpt-4o')
        .withPrompt('Summarise the estimate and email jane.doe@example.com')
        .withCategory('estimate_analysis')
        .withPurposeDetail('e2e-builder')
        .forUser(tenant.userId)
        .forProject(tenant.projectId)
        .forDocument(tenant.documentId)
        .forLoggable('estimate', 42)
        .generate()
      expect(result.usage).toMatchObject({ promptTokens: 1000, completionTokens: 500 })
      expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    } finally {
      openaiMock.setUsage(OPENAI_USAGE)
    }
    expect(errors).toEqual([])

    const [row, ...more] = await rows('e2e-builder')
    expect(more).toEqual([])
    expect(row).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      // gpt-4o: $2.50 per million input tokens, $10 per million output tokens.
      cost: '0.007500000000',
      success: true,
      category: 'estimate_analysis',
      user_id: tenant.userId,
      project_id: tenant.projectId,
      document_id: tenant.documentId,
      loggable_type: 'estimate',
      loggable_id: '42',
      metadata: { app: 'e2e' },
      response_content: 'Hello there!',
      content_redacted: true,
      redaction_summary: { email: 1 },
    })
    expect(row.prompt_content).toBe('Summarise the estimate and email [REDACTED:email]')
    expect(row.idempotency_key).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('stores wrapped Anthropic calls (streaming too) with cache tokens added to the prompt tokens', async () => {
    const { tokenledger } = ledger(api.url)
    const anthropic = wrapAnthropic(
      new Anthropic({ baseURL: anthropicMock.url, apiKey: 'k', maxRetries: 0 }),
      tokenledger,
      { purposeDetail: 'e2e-anthropic', userId: tenant.userId },
    )
    const body = {
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'Hi' }],
    }
    await anthropic.messages.create(body)
    for await (const _ of await anthropic.messages.create({ ...body, stream: true })) {
      // read to the end
    }
    await tokenledger.shutdown()
    const stored = await rows('e2e-anthropic')
    expect(stored).toHaveLength(2)
    for (const row of stored) {
      expect(row).toMatchObject({
        provider: 'anthropic',
        prompt_tokens: 2350,
        completion_tokens: 400,
        cached_tokens: 2000,
        success: true,
        user_id: tenant.userId,
      })
      expect(row.cost).not.toBeNull()
    }
  })

  it('stores a provider failure as success = false with the error message', async () => {
    const failing = await startMockOpenAI()
    failing.failWith(400, 'context_length_exceeded: call me at jane.doe@example.com')
    const { tokenledger } = ledger(api.url, {
      openai: { baseURL: `${failing.url}/v1`, apiKey: 'x', maxRetries: 0 },
    })
    await expect(
      tokenledger
        .text()
        .using('openai', 'gpt-4o')
        .withPrompt('Hi')
        .withPurposeDetail('e2e-failure')
        .generate(),
    ).rejects.toThrow(/context_length_exceeded/)
    await tokenledger.shutdown()
    await failing.close()
    const [row] = await rows('e2e-failure')
    expect(row).toMatchObject({ success: false, prompt_tokens: 0, completion_tokens: 0 })
    expect(row.error_message).toContain('context_length_exceeded')
    expect(row.error_message).toContain('[REDACTED:email]')
  })

  it('loses nothing while the api is not started yet, then stopped, and delivers everything once it is back', async () => {
    const port = await freePort()
    const { tokenledger, errors } = ledger(`http://127.0.0.1:${port}`)
    const log = (from: number, to: number) => {
      for (let n = from; n <= to; n++) {
        tokenledger.log({
          provider: 'openai',
          model: 'gpt-4o-mini',
          promptTokens: n,
          completionTokens: 1,
          purposeDetail: 'e2e-outage',
        })
      }
    }

    // 1. The api is not started yet: calls go on, events wait in memory.
    log(1, 120)
    await tokenledger
      .text()
      .using('openai', 'gpt-4o-mini')
      .withPrompt('Hi')
      .withPurposeDetail('e2e-outage')
      .generate()
    await expect.poll(() => tokenledger.stats().retries, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    expect(tokenledger.stats()).toMatchObject({ queued: 121, stored: 0 })
    expect(errors.some((e) => e instanceof DeliveryError && e.willRetry)).toBe(true)

    // 2. The api comes up: everything arrives, without a flush.
    let server = await startApiServer({ db, port })
    await expect.poll(() => tokenledger.stats().stored, { timeout: 10_000 }).toBe(121)

    // 3. The api stops again, more events, then it is back.
    await server.close()
    const retriesBefore = tokenledger.stats().retries
    log(121, 150)
    await expect.poll(() => tokenledger.stats().retries, { timeout: 10_000 }).toBeGreaterThan(retriesBefore)
    server = await startApiServer({ db, port })
    expect(await tokenledger.flush()).toEqual({ flushed: true, remaining: 0 })
    await server.close()

    expect(tokenledger.stats()).toMatchObject({ stored: 151, dropped: 0, rejected: 0, queued: 0 })
    const stored = await rows('e2e-outage')
    expect(stored).toHaveLength(151)
    expect(new Set(stored.map((r) => r.idempotency_key)).size).toBe(151)
    await tokenledger.shutdown()
  })

  it('stores a batch once when its response was lost and it was sent again (idempotency key)', async () => {
    const proxy = await startDroppingProxy(api.url, 1)
    const { tokenledger, errors } = ledger(proxy.url)
    for (let n = 1; n <= 25; n++) {
      tokenledger.log({
        provider: 'openai',
        model: 'gpt-4o',
        promptTokens: n,
        purposeDetail: 'e2e-idempotent',
      })
    }
    expect(await tokenledger.flush()).toEqual({ flushed: true, remaining: 0 })
    await proxy.close()

    expect(proxy.state).toEqual({ forwarded: 2, dropped: 1 })
    expect(errors[0]).toBeInstanceOf(DeliveryError)
    // The first request stored all 25; the retry found them there.
    expect(tokenledger.stats()).toMatchObject({ stored: 0, duplicates: 25, retries: 1 })
    expect(await rows('e2e-idempotent')).toHaveLength(25)
    await tokenledger.shutdown()
  })

  it('keeps only the newest events when the queue bound is hit during an outage', async () => {
    const port = await freePort()
    const { tokenledger } = ledger(`http://127.0.0.1:${port}`, {
      batch: { ...fastRetries, maxQueuedEvents: 10, maxBatchSize: 5 },
    })
    for (let n = 1; n <= 25; n++) {
      tokenledger.log({ provider: 'openai', model: 'gpt-4o', promptTokens: n, purposeDetail: 'e2e-bounded' })
    }
    expect(tokenledger.stats()).toMatchObject({ queued: 10, dropped: 15 })
    const server = await startApiServer({ db, port })
    await tokenledger.flush()
    await server.close()
    const stored = await rows('e2e-bounded')
    expect(stored.map((r) => r.prompt_tokens)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
    await tokenledger.shutdown()
  })

  it('reports events the api rejects without retrying them, and stores the rest', async () => {
    const { tokenledger, errors } = ledger(api.url)
    tokenledger.log({ provider: 'openai', model: 'gpt-4o', purposeDetail: 'e2e-rejected' })
    tokenledger.log({
      provider: 'openai',
      model: 'gpt-4o',
      purposeDetail: 'e2e-rejected',
      projectId: other.projectId,
    })
    await tokenledger.shutdown()
    expect(tokenledger.stats()).toMatchObject({ stored: 1, rejected: 1, retries: 0 })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(EventRejectedError)
    expect(await rows('e2e-rejected')).toHaveLength(1)
  })

  it('gives up (and says so) when the API key is refused, instead of retrying forever', async () => {
    const { tokenledger, errors } = ledger(api.url, { apiKey: 'tl_notakey_0000' })
    tokenledger.log({ provider: 'openai', model: 'gpt-4o', purposeDetail: 'e2e-bad-key' })
    expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    expect(tokenledger.stats()).toMatchObject({ failed: 1, retries: 0 })
    expect(errors[0]).toMatchObject({ willRetry: false })
  })
})

describe('budget override end to end', () => {
  it('a call made with a confirmed override is stored with budget_override and who confirmed it', async () => {
    const { tokenledger, errors } = ledger(api.url)
    const override = await tokenledger.client.budgets.requestOverride.mutate({ userId: tenant.userId })
    await tokenledger.client.budgets.confirmOverride.mutate({ overrideId: override.id })
    await tokenledger
      .text()
      .using('openai', 'gpt-4o')
      .withPrompt('Hi')
      .forUser(tenant.userId)
      .withPurposeDetail('e2e-override')
      .withBudgetOverride(override)
      .generate()
    await tokenledger.shutdown()
    expect(errors).toEqual([])
    const [row] = await rows('e2e-override')
    expect(row).toMatchObject({
      budget_override: true,
      budget_override_by: tenant.userId,
      budget_override_id: override.id,
    })
  })
})
