import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient } from '@tokenledger/sdk'
import { TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// SDK → HTTP → tRPC → Postgres: one call logged end to end, and bad input refused with nothing written.
let db: Db
let api: ApiServer
let acme: Tenant
let other: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  acme = await createTenant(db, 'Acme')
  other = await createTenant(db, 'Other')
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

const logCount = async () => Number((await db('ai_usage_logs').count({ n: '*' }).first())?.n)

describe('usage.log end to end', () => {
  it('stores one row with the computed cost, attribution and redacted content', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    const result = await client.usage.log.mutate({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 1234,
      completionTokens: 567,
      durationMs: 842,
      category: 'estimate_analysis',
      purposeDetail: 'Compare line items against cost plan',
      userId: acme.userId,
      projectId: acme.projectId,
      documentId: acme.documentId,
      prompt: 'Call me at jane.doe@example.com about the estimate.',
      response: 'Sure.',
      metadata: { feature: 'estimates' },
    })
    expect(result).toMatchObject({ status: 'stored', cost: '0.008755', priced: true })

    const row = await db('ai_usage_logs').where({ id: result.id }).first()
    expect(row).toMatchObject({
      organization_id: acme.organizationId,
      api_key_id: acme.apiKeyId,
      user_id: acme.userId,
      project_id: acme.projectId,
      document_id: acme.documentId,
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 1234,
      completion_tokens: 567,
      total_tokens: 1801,
      cost: '0.008755000000',
      cost_source: 'catalog',
      duration_ms: 842,
      category: 'estimate_analysis',
      purpose_detail: 'Compare line items against cost plan',
      success: true,
      content_redacted: true,
      redaction_summary: { email: 1 },
      metadata: { feature: 'estimates' },
    })
    expect(row.prompt_content).toBe('Call me at [REDACTED:email] about the estimate.')
    expect(row.prices).toMatchObject({ source: 'catalog', inputMtok: '2.5', outputMtok: '10' })
  })

  it('refuses bad input with a typed error and writes nothing', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    const valid = { provider: 'openai', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }
    const before = await logCount()

    const cases: Array<[string, () => Promise<unknown>, string, string]> = [
      [
        'unknown category',
        () => client.usage.log.mutate({ ...valid, category: 'astrology' as never }),
        'BAD_REQUEST',
        'INVALID_INPUT',
      ],
      [
        'negative tokens',
        () => client.usage.log.mutate({ ...valid, promptTokens: -5 }),
        'BAD_REQUEST',
        'INVALID_INPUT',
      ],
      [
        "another organization's project",
        () => client.usage.log.mutate({ ...valid, projectId: other.projectId }),
        'BAD_REQUEST',
        'ATTRIBUTION_INVALID',
      ],
      [
        "another organization's user",
        () => client.usage.log.mutate({ ...valid, userId: other.userId }),
        'BAD_REQUEST',
        'ATTRIBUTION_INVALID',
      ],
      [
        'missing key',
        () => createClient({ url: api.url, apiKey: '' }).usage.log.mutate(valid),
        'UNAUTHORIZED',
        'MISSING_API_KEY',
      ],
      [
        'unknown key',
        () =>
          createClient({ url: api.url, apiKey: `${acme.apiKey.slice(0, -4)}AAAA` }).usage.log.mutate(valid),
        'UNAUTHORIZED',
        'INVALID_API_KEY',
      ],
    ]
    for (const [label, call, code, reason] of cases) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      )
      expect(error, label).toBeInstanceOf(TRPCClientError)
      const data = (error as TRPCClientError<never>).data as unknown as { code: string; reason: string }
      expect({ label, code: data.code, reason: data.reason }).toEqual({ label, code, reason })
    }
    expect(await logCount()).toBe(before)
  })

  it('stores a retried event once (idempotency key)', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    const event = {
      provider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      promptTokens: 100,
      completionTokens: 10,
      idempotencyKey: 'call-42',
    }
    const first = await client.usage.log.mutate(event)
    const second = await client.usage.log.mutate(event)
    expect(first.status).toBe('stored')
    expect(second).toMatchObject({ status: 'duplicate', id: first.id })
    expect(await db('ai_usage_logs').where({ idempotency_key: 'call-42' }).count({ n: '*' }).first()).toEqual(
      { n: 1 },
    )
  })

  it('logs unknown models as unpriced (cost null), never as 0', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    const result = await client.usage.log.mutate({
      provider: 'acme-ai',
      model: 'secret-1',
      promptTokens: 5,
      completionTokens: 5,
    })
    expect(result).toMatchObject({ status: 'stored', cost: null, priced: false })
  })
})

describe('pricing on the write path', () => {
  it('prefers the newest custom price effective at the call time, and a caller cost over both', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    await db('model_prices').insert([
      {
        provider: 'openai',
        model: 'gpt-4o-e2e',
        input_mtok: '1',
        output_mtok: '2',
        effective_from: '2026-01-01T00:00:00Z',
      },
      {
        provider: 'openai',
        model: 'gpt-4o-e2e',
        input_mtok: '3',
        output_mtok: '4',
        effective_from: '2026-03-01T00:00:00Z',
      },
    ])
    const event = { provider: 'openai', model: 'gpt-4o-e2e', promptTokens: 1000, completionTokens: 1000 }
    const february = await client.usage.log.mutate({ ...event, occurredAt: '2026-02-15T12:00:00Z' })
    const march = await client.usage.log.mutate({ ...event, occurredAt: '2026-03-15T12:00:00Z' })
    const caller = await client.usage.log.mutate({ ...event, cost: '0.5' })
    expect([february.cost, march.cost, caller.cost]).toEqual(['0.003', '0.007', '0.5'])
    const rows = await db('ai_usage_logs').whereIn('id', [february.id, march.id, caller.id]).orderBy('id')
    expect(rows.map((r) => r.cost_source)).toEqual(['custom', 'custom', 'caller'])
    expect(rows[1].prices).toMatchObject({ source: 'custom', inputMtok: '3.000000', outputMtok: '4.000000' })
  })
})

describe('usage.logBatch', () => {
  it('stores each valid event and rejects each bad one, with a result per event and nothing half-written', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    const before = await logCount()
    const ok = { provider: 'openai', model: 'gpt-4o-mini', promptTokens: 100, completionTokens: 10 }
    const result = await client.usage.logBatch.mutate({
      events: [
        { ...ok, idempotencyKey: 'batch-1' },
        { ...ok, promptTokens: -3 },
        { ...ok, projectId: other.projectId },
        { ...ok, idempotencyKey: 'batch-1' },
        { ...ok, prompt: 'token=ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
      ],
    })
    expect(result).toMatchObject({ stored: 2, duplicates: 1, rejected: 2 })
    expect(result.results.map((r) => r.status)).toEqual([
      'stored',
      'rejected',
      'rejected',
      'duplicate',
      'stored',
    ])
    expect(result.results[1]).toMatchObject({ error: expect.stringMatching(/^promptTokens: /) })
    expect(result.results[2]).toMatchObject({
      error: `project ${other.projectId} does not belong to this organization`,
    })
    expect(await logCount()).toBe(before + 2)
  })

  it('refuses more than 1,000 events', async () => {
    const client = createClient({ url: api.url, apiKey: acme.apiKey })
    const events = Array.from({ length: 1001 }, () => ({ provider: 'openai', model: 'gpt-4o-mini' }))
    const error = await client.usage.logBatch.mutate({ events }).catch((e: TRPCClientError<never>) => e)
    expect((error as TRPCClientError<never>).data).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'INVALID_INPUT',
    })
  })
})
