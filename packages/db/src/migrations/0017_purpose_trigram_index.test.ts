import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { ensureUsageLogPartitions } from '../partitions'
import { createTenant, type Tenant } from '../testing'
import { rollBackThrough } from '../testing/roll-back-through'
import { PURPOSE_TRIGRAM_INDEX, up } from './0017_purpose_trigram_index'

const NAME = '0017_purpose_trigram_index'
const LIMITED = 'tl_trgm_0017_limited'
let db: Db
let tenant: Tenant

// Logs in two months, so the index has partitions to reach.
const CALLS = [
  { at: '2033-04-10T08:00:00.000Z', purpose: 'Weekly digest for executives' },
  { at: '2033-05-02T09:30:00.000Z', purpose: 'Warranty claim review' },
  { at: '2033-05-03T10:00:00.000Z', purpose: null },
]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Trigram 0017')
  await ensureUsageLogPartitions(db, { now: new Date('2033-04-10T00:00:00Z'), monthsAhead: 1 })
  for (const call of CALLS)
    await db('ai_usage_logs').insert({
      organization_id: tenant.organizationId,
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 3,
      total_tokens: 3,
      purpose_detail: call.purpose,
      created_at: call.at,
    })
  await db.raw(`drop role if exists ${LIMITED}`)
  await db.raw(`create role ${LIMITED}`)
})
afterAll(async () => {
  await migrateLatest(db)
  await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).delete()
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.raw(`drop role if exists ${LIMITED}`)
  await db.destroy()
})

async function hasExtension(): Promise<boolean> {
  const { rows } = await db.raw(`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`)
  return rows[0].n === 1
}

/** The trigram index on the parent and the partitions its children sit on. */
async function indexedPartitions(): Promise<string[] | null> {
  if (!(await db.raw('select to_regclass(?) as r', [PURPOSE_TRIGRAM_INDEX])).rows[0].r) return null
  const { rows } = await db.raw(
    `select t.relname as partition from pg_inherits i
     join pg_index x on x.indexrelid = i.inhrelid join pg_class t on t.oid = x.indrelid
     where i.inhparent = to_regclass(?) order by 1`,
    [PURPOSE_TRIGRAM_INDEX],
  )
  return rows.map((r: { partition: string }) => r.partition)
}

async function partitions(): Promise<string[]> {
  const { rows } = await db.raw(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'ai_usage_logs'::regclass order by 1`,
  )
  return rows.map((r: { name: string }) => r.name)
}

async function purposes(): Promise<Array<string | null>> {
  const rows = await db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .orderBy('created_at')
    .pluck('purpose_detail')
  return rows
}

describe(NAME, () => {
  it('indexes every partition of a populated table, and the months attached later', async () => {
    expect(await hasExtension()).toBe(true)
    const covered = await indexedPartitions()
    expect(covered).toEqual(await partitions())
    expect(covered).toEqual(expect.arrayContaining(['ai_usage_logs_p203304', 'ai_usage_logs_p203305']))
    // The partition job builds a month as a plain table and attaches it: it gets the index too.
    const run = await ensureUsageLogPartitions(db, {
      now: new Date('2033-05-01T00:00:00Z'),
      months: ['2034-01'],
    })
    expect(run.created).toContain('ai_usage_logs_p203401')
    expect(await indexedPartitions()).toEqual(await partitions())
  })

  it('rolls back and forth on a populated table, dropping pg_trgm only when it created it', async () => {
    const before = await purposes()
    expect(before).toEqual(CALLS.map((c) => c.purpose))

    await rollBackThrough(db, NAME)
    expect(await indexedPartitions()).toBeNull()
    expect(await hasExtension()).toBe(false)
    await migrateLatest(db)
    expect(await indexedPartitions()).toEqual(await partitions())
    expect(await purposes()).toEqual(before)

    // An extension installed beforehand (by an administrator, say) is left in place.
    await rollBackThrough(db, NAME)
    await db.raw('create extension pg_trgm')
    await migrateLatest(db)
    expect(await indexedPartitions()).toEqual(await partitions())
    await rollBackThrough(db, NAME)
    expect(await indexedPartitions()).toBeNull()
    expect(await hasExtension()).toBe(true)
    await db.raw('drop extension pg_trgm')
    await migrateLatest(db)
    expect(await purposes()).toEqual(before)
  })

  it('says what to run when the role cannot create pg_trgm, and applies nothing', async () => {
    await rollBackThrough(db, NAME)
    try {
      // No superuser, no CREATE on the database: what a managed server's app role often is.
      const attempt = db.transaction(async (trx) => {
        await trx.raw(`set local role ${LIMITED}`)
        await up(trx)
      })
      await expect(attempt).rejects.toThrow(
        /cannot create it \(.*permission denied to create extension.*\).*CREATE EXTENSION IF NOT EXISTS pg_trgm;/,
      )
      expect(await hasExtension()).toBe(false)
      expect(await indexedPartitions()).toBeNull()
    } finally {
      await migrateLatest(db)
    }
  })
})
