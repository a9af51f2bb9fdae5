import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { Tokenledger } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sleep } from './helpers'

// The api goes away (server closed) and comes back on the same port while the SDK keeps logging:
// after recovery and flush() every event is stored exactly once (idempotency keys make retries safe).
let db: Db
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Api Restart')
})
afterAll(async () => {
  await db.destroy()
})

describe('api restart while the SDK is sending', () => {
  it('stores every event exactly once after recovery', async () => {
    let api: ApiServer = await startApiServer({ db, port: 0 })
    const port = Number(new URL(api.url).port)
    const errors: string[] = []
    const sdk = new Tokenledger({
      url: api.url,
      apiKey: tenant.apiKey,
      batch: { maxBatchSize: 20, flushIntervalMs: 10, initialDelayMs: 20, maxDelayMs: 200 },
      onError: (error) => errors.push(error.message),
    })
    const total = 600
    const sent: string[] = []
    for (let i = 0; i < total; i++) {
      const key = `restart-${tenant.slug}-${i}`
      sent.push(key)
      sdk.log({
        provider: 'openai',
        model: 'gpt-4o-mini',
        promptTokens: 10,
        completionTokens: 1,
        idempotencyKey: key,
      })
      if (i === 200) {
        // Down: the server stops accepting and the SDK keeps queuing and retrying.
        await api.close()
        await sleep(300)
      }
      if (i === 400) {
        api = await startApiServer({ db, port })
      }
      if (i % 20 === 0) await sleep(5)
    }
    const result = await sdk.flush({ timeoutMs: 30_000 })
    await sdk.shutdown({ timeoutMs: 1_000 })
    await api.close()

    const rows = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .select('idempotency_key')
    const keys = rows.map((r) => r.idempotency_key as string)
    expect(result).toMatchObject({ remaining: 0 })
    expect(keys.length).toBe(total)
    expect(new Set(keys).size).toBe(total)
    expect([...keys].sort()).toEqual([...sent].sort())
    expect(sdk.stats()).toMatchObject({ rejected: 0, dropped: 0, failed: 0 })
    // The outage was seen: some requests failed and were retried.
    expect(sdk.stats().retries).toBeGreaterThan(0)
  })
})
