import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { DeliveryError, EventDeadLetteredError, Tokenledger, type TokenledgerError } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPoisoningProxy } from './support/poisoning-proxy'

// SDK → proxy that turns a batch holding a poison event into the api's 500 → real api → Postgres.
let db: Db
let api: ApiServer
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Poison')
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

const batch = {
  initialDelayMs: 10,
  maxDelayMs: 100,
  flushIntervalMs: 20,
  flushTimeoutMs: 20_000,
  maxBatchSize: 25,
}

function ledger(url: string) {
  const errors: TokenledgerError[] = []
  const tokenledger = new Tokenledger({ url, apiKey: tenant.apiKey, batch, onError: (e) => errors.push(e) })
  const log = (purposeDetail: string, from: number, to: number, poison?: number) => {
    for (let n = from; n <= to; n++) {
      tokenledger.log({
        provider: 'openai',
        model: 'gpt-4o-mini',
        promptTokens: n,
        purposeDetail,
        idempotencyKey: `${purposeDetail}-${n}`,
        ...(n === poison ? { metadata: { poison: true } } : {}),
      })
    }
  }
  return { tokenledger, errors, log }
}

const storedKeys = async (purposeDetail: string) =>
  (
    await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId, purpose_detail: purposeDetail })
      .select('idempotency_key')
  ).map((r) => r.idempotency_key as string)

const isPoison = (e: Record<string, unknown>) =>
  (e.metadata as { poison?: boolean } | undefined)?.poison === true

describe('a poison event', () => {
  it('does not hold back the events behind it: they are stored, it is dead-lettered and reported', async () => {
    const proxy = await startPoisoningProxy(api.url, isPoison)
    const { tokenledger, errors, log } = ledger(proxy.url)
    log('poison-e2e', 1, 60, 7)
    expect(await tokenledger.flush()).toEqual({ flushed: true, remaining: 0 })
    await tokenledger.shutdown()
    await proxy.close()

    const keys = await storedKeys('poison-e2e')
    expect(keys).toHaveLength(59)
    expect(keys).not.toContain('poison-e2e-7')
    expect(tokenledger.stats()).toMatchObject({ stored: 59, deadLettered: 1, failed: 0, queued: 0 })
    const deadLetters = errors.filter((e) => e instanceof EventDeadLetteredError)
    expect(deadLetters).toHaveLength(1)
    expect(deadLetters[0]).toMatchObject({ idempotencyKey: 'poison-e2e-7' })
    expect((deadLetters[0] as EventDeadLetteredError).reason).toMatch(/invalid byte sequence/)
  })

  it('an api answering 500 or 503 to everything for a while loses nothing and gives up nothing', async () => {
    const proxy = await startPoisoningProxy(api.url, () => false)
    const { tokenledger, errors, log } = ledger(proxy.url)
    proxy.state.status = 500
    log('outage-500-e2e', 1, 40)
    await expect.poll(() => tokenledger.stats().retries, { timeout: 10_000 }).toBeGreaterThanOrEqual(20)
    proxy.state.status = 503
    log('outage-500-e2e', 41, 50)
    const retries = tokenledger.stats().retries
    await expect.poll(() => tokenledger.stats().retries, { timeout: 10_000 }).toBeGreaterThan(retries + 5)
    proxy.state.status = undefined
    expect(await tokenledger.flush()).toEqual({ flushed: true, remaining: 0 })
    await tokenledger.shutdown()
    await proxy.close()

    expect((await storedKeys('outage-500-e2e')).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `outage-500-e2e-${i + 1}`).sort(),
    )
    expect(tokenledger.stats()).toMatchObject({ stored: 50, deadLettered: 0, failed: 0, dropped: 0 })
    expect(errors.every((e) => e instanceof DeliveryError && e.willRetry)).toBe(true)
  })
})
