import { usageEventSchema } from '@tokenledger/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { storeUsageEvents } from '../usage/store-usage-events'
import { ensureUsageLogPartitions, partitionNames } from './ensure-usage-log-partitions'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

const event = (fields: Record<string, unknown>) =>
  usageEventSchema.parse({
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 10,
    completionTokens: 5,
    ...fields,
  })

async function partitionOf(id: number): Promise<string> {
  const { rows } = await db.raw('select tableoid::regclass::text as part from ai_usage_logs where id = ?', [
    id,
  ])
  return rows[0]?.part
}

async function indexCount(table: string): Promise<number> {
  const { rows } = await db.raw('select count(*)::int as n from pg_index where indrelid = ?::regclass', [
    table,
  ])
  return rows[0].n
}

describe('ensureUsageLogPartitions', () => {
  it('creates this month and the next two once, each with the logs indexes; a re-run creates nothing', async () => {
    const now = new Date('2041-11-20T10:00:00Z')
    const first = await ensureUsageLogPartitions(db, { now })
    expect(first.created).toEqual(['ai_usage_logs_p204111', 'ai_usage_logs_p204112', 'ai_usage_logs_p204201'])
    expect(first.moved).toBe(0)
    expect(await partitionNames(db)).toEqual(expect.arrayContaining(first.created))
    expect(await indexCount('ai_usage_logs_p204201')).toBe(await indexCount('ai_usage_logs'))

    const again = await ensureUsageLogPartitions(db, { now })
    expect(again).toMatchObject({ created: [], moved: 0 })
  })

  it('stores a call in a month without a partition (DEFAULT), then moves it into the month it creates', async () => {
    const tenant = await createTenant(db, 'Partition Far Ahead')
    const identity = { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId }
    const farAhead = new Date('2045-07-04T12:00:00Z')
    const [result] = await storeUsageEvents(db, identity, [event({ idempotencyKey: 'far' })], farAhead)
    expect(result).toMatchObject({ status: 'stored' })
    const id = result?.status === 'stored' ? result.id : -1
    expect(await partitionOf(id)).toBe('ai_usage_logs_default')
    const before = await db('ai_usage_logs').where({ id }).first()

    const run = await ensureUsageLogPartitions(db, { now: new Date() })
    expect(run.created).toContain('ai_usage_logs_p204507')
    expect(run.moved).toBeGreaterThanOrEqual(1)
    expect(await partitionOf(id)).toBe('ai_usage_logs_p204507')
    expect(await db('ai_usage_logs').where({ id }).first()).toEqual(before)
    const { rows } = await db.raw('select count(*)::int as n from ai_usage_logs_default')
    expect(rows[0].n).toBe(0)

    // The key still leads to the moved row.
    const [retry] = await storeUsageEvents(db, identity, [event({ idempotencyKey: 'far' })], farAhead)
    expect(retry).toMatchObject({ status: 'duplicate', id })
  })

  it('also makes the months it is given, refusing a malformed one before creating anything', async () => {
    const run = await ensureUsageLogPartitions(db, { now: new Date(), months: ['2003-02', '2003-03'] })
    expect(run.created).toEqual(expect.arrayContaining(['ai_usage_logs_p200302', 'ai_usage_logs_p200303']))
    const names = await partitionNames(db)
    await expect(
      ensureUsageLogPartitions(db, { now: new Date('2050-01-01T00:00:00Z'), months: ['2003-13'] }),
    ).rejects.toThrow(/not a month/)
    expect(await partitionNames(db)).toEqual(names)
  })

  it('refuses a bad lock timeout before touching anything', async () => {
    await expect(ensureUsageLogPartitions(db, { now: new Date(), lockTimeoutMs: 0 })).rejects.toThrow(
      /lockTimeoutMs/,
    )
  })
})
