import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createTRPCClient, httpLink } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, postRaw, sleep, startApiProcess } from './helpers'

// The write path's probes: one poison event never sinks its batch (M2), no request stalls the api
// (M4), long error messages are kept (L3), the event cap holds per HTTP request (L7), and unknown
// fields, over-precise costs and impossible dates are refused (L8).
let db: Db
let api: ApiServer
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Hardening')
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

const client = () =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${api.url}/trpc`, headers: { authorization: `Bearer ${tenant.apiKey}` } })],
  })
const logs = async () =>
  Number(
    (await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).count({ n: '*' }).first())
      ?.n,
  )
const valid = { provider: 'openai', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }
const INVALID = { code: 'BAD_REQUEST', reason: 'INVALID_INPUT' }

/** Metadata nested `levels` deep, as JSON text (JSON.stringify would recurse as deep). */
const deepMetadataJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

describe('the write path under hostile input', () => {
  it('M2: a NUL in provider/model and metadata 5,000 levels deep reject only their own event', async () => {
    const before = await logs()
    const events = [
      JSON.stringify({ ...valid, purposeDetail: 'kept 1' }),
      JSON.stringify({ ...valid, provider: 'open\u0000ai', model: 'gpt\u00004o', purposeDetail: 'nul' }),
      `{"provider":"openai","model":"gpt-4o","metadata":${deepMetadataJson(5_000)}}`,
      JSON.stringify({ ...valid, purposeDetail: 'kept 2' }),
    ]
    const response = await postRaw(
      api.url,
      'usage.logBatch',
      `{"events":[${events.join(',')}]}`,
      tenant.apiKey,
    )
    expect(response.status).toBe(200)
    const data = (
      response.json as { result: { data: { stored: number; rejected: number; results: unknown[] } } }
    ).result.data
    expect(data).toMatchObject({ stored: 3, rejected: 1 })
    expect(data.results[2]).toEqual({
      index: 2,
      status: 'rejected',
      reason: 'INVALID_INPUT',
      error: 'metadata: nests deeper than 10 levels',
    })
    expect(await logs()).toBe(before + 3)
    const nul = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId, purpose_detail: 'nul' })
      .first()
    expect(nul).toMatchObject({ provider: 'open\uFFFDai', model: 'gpt\uFFFD4o' })
  })

  it('M4: pings keep answering while the api redacts megabytes of digit groups', async () => {
    // The api in its own process: a client sharing its event loop would stall what it measures.
    const server = await startApiProcess(process.env.DATABASE_URL as string)
    try {
      const digits = (chars: number) => '1234 5678 9012 '.repeat(Math.ceil(chars / 15)).slice(0, chars)
      const body = (value: unknown) => Buffer.from(JSON.stringify(value))
      // The finding's 30 MB prompt (now over the hard cap: refused), one just under the cap, and a
      // batch whose every prompt is redacted in full (25 MB of digit groups).
      const requests = [
        ['usage.log', body({ ...valid, prompt: digits(30 * 1024 * 1024) }), 400],
        ['usage.log', body({ ...valid, prompt: digits(16 * 1024 * 1024 - 1) }), 200],
        [
          'usage.logBatch',
          body({ events: Array.from({ length: 1_000 }, () => ({ ...valid, prompt: digits(25_000) })) }),
          200,
        ],
      ] as const
      for (const [procedure, payload, status] of requests) {
        const latencies: number[] = []
        let done = false
        const pinging = (async () => {
          while (!done) {
            const started = performance.now()
            await (await fetch(`${server.url}/trpc/ping`)).text()
            latencies.push(performance.now() - started)
            await sleep(10)
          }
        })()
        const started = performance.now()
        const response = await postRaw(server.url, procedure, payload, tenant.apiKey)
        const elapsedMs = Math.round(performance.now() - started)
        done = true
        await pinging
        expect({ status: response.status, body: response.body.slice(0, 300) }).toMatchObject({ status })
        if (status === 400) expect(response.body).toContain('prompt: at most 16,777,216 characters')
        const figures = {
          procedure,
          status,
          elapsedMs,
          pings: latencies.length,
          maxPingMs: Math.round(Math.max(...latencies)),
        }
        console.info('M4', JSON.stringify(figures))
        // Redacting on the event loop held it for seconds (the batch ~5 s, the 16 MB prompt ~3 s).
        // What remains is reading and parsing a 25-30 MB body and serialising the 25 MB insert
        // (~100-500 ms each here): the bound is generous because two cores are shared by many runs.
        expect(figures.maxPingMs).toBeLessThan(2_000)
        expect(figures.pings).toBeGreaterThanOrEqual(Math.floor(elapsedMs / 200))
      }
    } finally {
      await server.close()
    }
  }, 120_000)

  it('L3: an error message over 20,000 characters is stored cut, with the call and its cost', async () => {
    const result = await client().usage.log.mutate({
      ...valid,
      success: false,
      errorMessage: `upstream said: ${'e'.repeat(50_000)}`,
    })
    expect(result).toMatchObject({ status: 'stored', priced: true })
    const row = await db('ai_usage_logs').where({ id: result.id }).first()
    expect(row.error_message).toHaveLength(20_000 + '\n[TRUNCATED: 30015 more characters]'.length)
    expect(row.error_message.endsWith('\n[TRUNCATED: 30015 more characters]')).toBe(true)
    expect(row.metadata).toEqual({ content_truncated: true })
  })

  it('L7: five batched logBatch calls of 1,000 events in one HTTP request store at most 1,000', async () => {
    const before = await logs()
    const call = JSON.stringify({ events: Array.from({ length: 1_000 }, () => valid) })
    const body = `{${[0, 1, 2, 3, 4].map((i) => `"${i}":${call}`).join(',')}}`
    const response = await postRaw(
      api.url,
      'usage.logBatch,usage.logBatch,usage.logBatch,usage.logBatch,usage.logBatch?batch=1',
      body,
      tenant.apiKey,
    )
    const parts = response.json as Array<{
      result?: unknown
      error?: { message: string; data: { code: string } }
    }>
    expect(parts.filter((p) => p.result)).toHaveLength(1)
    const refused = parts.filter((p) => p.error)
    expect(refused).toHaveLength(4)
    expect(refused[0]?.error).toMatchObject({
      message: expect.stringMatching(/^at most 1,000 usage events per HTTP request/),
      data: { code: 'PAYLOAD_TOO_LARGE' },
    })
    expect(await logs()).toBe(before + 1_000)
  })

  it('L8: unknown fields, costs finer than the column and years before 2000 are refused by name', async () => {
    const before = await logs()
    const log = (patch: Record<string, unknown>) => () =>
      client().usage.log.mutate({ ...valid, ...patch } as never)
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['organizationId', log({ organizationId: 999 }), /Unrecognized key: "organizationId"/],
      ['isAdmin and owner', log({ isAdmin: true, owner: 5 }), /Unrecognized keys: "isAdmin", "owner"/],
      [
        'cost 0.0000000000001',
        log({ cost: '0.0000000000001' }),
        /cost: a non-negative decimal string of at most/,
      ],
      ['year 0000', log({ occurredAt: '0000-01-01T00:00:00Z' }), /occurredAt cannot be before 2000-01-01/],
    ]
    for (const [label, call, message] of cases) {
      let caught: unknown
      try {
        await call()
      } catch (error) {
        caught = error
      }
      expect({ label, message: (caught as Error)?.message }).toEqual({
        label,
        message: expect.stringMatching(message),
      })
      expect(await errorOf(call)).toEqual(INVALID)
    }
    const batch = await client().usage.logBatch.mutate({ events: [{ ...valid, organizationId: 1 } as never] })
    expect(batch.results[0]).toMatchObject({
      status: 'rejected',
      error: 'Unrecognized key: "organizationId"',
    })
    expect(await logs()).toBe(before)
  })
})
