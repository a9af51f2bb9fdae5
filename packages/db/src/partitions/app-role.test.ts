import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { usageEventSchema } from '@tokenledger/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ResolvedDatabase, resolveDatabase } from '../database-url'
import { createDb, type Db } from '../knex'
import { migrateLatestAt } from '../migrate'
import { createTenant } from '../testing'
import { storeUsageEvents } from '../usage/store-usage-events'
import { ensureUsageLogPartitions } from './ensure-usage-log-partitions'

// The embedded server as `tokenledger serve` runs it: migrations as the owner, the application as
// tokenledger_app (rows only). After 0013 the application must still store calls (partitioned
// logs, the keys table, the id sequence), and only the owner may create partitions.
let home: string
let database: ResolvedDatabase
let app: Db
let owner: Db

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'tokenledger-partitions-'))
  const saved = { url: process.env.DATABASE_URL, home: process.env.TOKENLEDGER_HOME }
  delete process.env.DATABASE_URL
  process.env.TOKENLEDGER_HOME = home
  try {
    database = await resolveDatabase()
    await migrateLatestAt(database.ownerUrl)
  } finally {
    process.env.DATABASE_URL = saved.url
    if (saved.home === undefined) delete process.env.TOKENLEDGER_HOME
    else process.env.TOKENLEDGER_HOME = saved.home
  }
  app = createDb(database.url)
  owner = createDb(database.ownerUrl)
}, 120_000)
afterAll(async () => {
  await app?.destroy()
  await owner?.destroy()
  await database?.release()
  await rm(home, { recursive: true, force: true })
})

describe('partitioned logs and the application role', () => {
  it('stores and deduplicates calls as tokenledger_app, in a month the owner created later too', async () => {
    const tenant = await createTenant(app, 'Partition App Role')
    const identity = { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId }
    const event = usageEventSchema.parse({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 1,
      idempotencyKey: 'app-1',
    })
    const farAhead = new Date('2044-03-01T00:00:00Z')
    const [stored] = await storeUsageEvents(app, identity, [event], farAhead)
    expect(stored).toMatchObject({ status: 'stored' })

    await expect(ensureUsageLogPartitions(app, { now: farAhead })).rejects.toThrow(
      /permission denied|must be owner/,
    )
    const run = await ensureUsageLogPartitions(owner, { now: new Date() })
    expect(run.created).toContain('ai_usage_logs_p204403')

    const [again] = await storeUsageEvents(app, identity, [event], farAhead)
    expect(again).toMatchObject({ status: 'duplicate', id: stored?.status === 'stored' ? stored.id : -1 })
    const [next] = await storeUsageEvents(app, identity, [{ ...event, idempotencyKey: 'app-2' }], farAhead)
    expect(next).toMatchObject({ status: 'stored' })
  })
})
