import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { rollUpDays } from '../rollups'
import { createTenant, type Tenant } from '../testing'
import { rollBackThrough } from '../testing/roll-back-through'
import { migrationSource } from '.'

const config = { migrationSource, tableName: 'knex_migrations' }
const READER = 'tl_part_0013_reader'
let db: Db
let tenant: Tenant

// Calls in three consecutive months, one years older, one months past the partitions made ahead.
const CALLS = [
  { at: '2025-09-01T00:00:00.000Z', cost: '0.000001650000', key: 'sep-first' },
  { at: '2025-09-30T23:59:59.999Z', cost: '12.345678901234', key: null },
  { at: '2025-10-15T12:00:00.000Z', cost: null, key: 'oct' },
  { at: '2025-11-30T23:59:59.999Z', cost: '0.021596250000', key: 'nov' },
  { at: '2019-03-15T08:00:00.000Z', cost: '1.000000000001', key: 'old' },
  { at: '2031-01-01T00:00:00.000Z', cost: '0.5', key: 'future' },
]
const DAYS = [...new Set(CALLS.map((c) => c.at.slice(0, 10)))]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Partition 0013')
  await db.raw(`drop role if exists ${READER}`)
  await db.raw(`create role ${READER}`)
  await rollBackThrough(db, '0013_partition_usage_logs')
  await db.raw(`grant select, insert on ai_usage_logs to ${READER}`)
  for (const call of CALLS)
    await db('ai_usage_logs').insert({
      organization_id: tenant.organizationId,
      user_id: tenant.userId,
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 7,
      total_tokens: 7,
      cost: call.cost,
      cost_source: call.cost ? 'catalog' : null,
      idempotency_key: call.key,
      created_at: call.at,
    })
  await rollUpDays(db, DAYS)
})
afterAll(async () => {
  await migrateLatest(db)
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.raw(`drop owned by ${READER}`)
  await db.raw(`drop role if exists ${READER}`)
  await db.destroy()
})

async function lastMigration(): Promise<string> {
  return (await db('knex_migrations').orderBy('id', 'desc').first('name')).name
}

/** Every column of the tenant's logs, money as text, in id order. */
async function logs(): Promise<unknown[]> {
  const { rows } = await db.raw(
    `select to_jsonb(l) - 'cost' || jsonb_build_object('cost', l.cost::text) as row
     from ai_usage_logs l where organization_id = ? order by id`,
    [tenant.organizationId],
  )
  return rows.map((r: { row: unknown }) => r.row)
}

async function rollups(): Promise<unknown[]> {
  const daily = await db('ai_usage_daily')
    .where({ organization_id: tenant.organizationId })
    .orderBy(['date', 'model'])
    .select('date', 'request_count', 'total_tokens', db.raw('total_cost::text as cost'))
  const monthly = await db('ai_usage_monthly')
    .where({ organization_id: tenant.organizationId })
    .orderBy(['year', 'month'])
    .select('year', 'month', 'request_count', db.raw('total_cost::text as cost'))
  return [daily, monthly]
}

async function relkind(table: string): Promise<string | null> {
  const { rows } = await db.raw('select relkind from pg_class where oid = to_regclass(?)', [table])
  return rows[0]?.relkind ?? null
}

async function indexNames(): Promise<string[]> {
  const { rows } = await db.raw(
    `select indexrelid::regclass::text as name from pg_index where indrelid = 'ai_usage_logs'::regclass order by 1`,
  )
  return rows.map((r: { name: string }) => r.name)
}

async function foreignKeys(): Promise<string[]> {
  const { rows } = await db.raw(
    `select conname || ' ' || pg_get_constraintdef(oid) as fk from pg_constraint
     where conrelid = 'ai_usage_logs'::regclass and contype = 'f' order by 1`,
  )
  return rows.map((r: { fk: string }) => r.fk)
}

async function can(privilege: string, table: string): Promise<boolean> {
  const { rows } = await db.raw('select has_table_privilege(?, ?, ?) as ok', [READER, table, privilege])
  return rows[0].ok
}

describe('0013_partition_usage_logs', () => {
  it('converts a populated table to monthly partitions and back, keeping every row, index and grant', async () => {
    const before = await logs()
    const rollupsBefore = await rollups()
    const indexesBefore = await indexNames()
    const fksBefore = await foreignKeys()
    expect(before).toHaveLength(CALLS.length)
    expect(indexesBefore).toContain('ai_usage_logs_idempotency')

    await db.migrate.up(config)
    expect(await lastMigration()).toBe('0013_partition_usage_logs')
    expect(await relkind('ai_usage_logs')).toBe('p')
    // Same ids, same values, to the last decimal.
    expect(await logs()).toEqual(before)
    // Each row sits in its own month's partition; no row was left in DEFAULT.
    const { rows: placed } = await db.raw(
      `select tableoid::regclass::text as part, to_char(created_at at time zone 'UTC', 'YYYYMM') as month
       from ai_usage_logs where organization_id = ?`,
      [tenant.organizationId],
    )
    for (const { part, month } of placed) expect(part).toBe(`ai_usage_logs_p${month}`)
    const now = new Date()
    const mm = String(now.getUTCMonth() + 1).padStart(2, '0')
    const thisMonth = `${now.getUTCFullYear()}${mm}`
    const { rows: parts } = await db.raw(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'ai_usage_logs'::regclass`,
    )
    const names = parts.map((p: { name: string }) => p.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'ai_usage_logs_default',
        `ai_usage_logs_p${thisMonth}`,
        // The last year's months, for seeded history and late logs.
        `ai_usage_logs_p${now.getUTCFullYear() - 1}${mm}`,
        'ai_usage_logs_p201903',
      ]),
    )
    // Besides those, only months with rows: none for the empty years in between.
    expect(names).not.toContain('ai_usage_logs_p202001')

    // Indexes, foreign keys and grants carried over; the unique key moved to its own table.
    expect(await indexNames()).toEqual(
      indexesBefore.filter((name) => name !== 'ai_usage_logs_idempotency').sort(),
    )
    expect(await foreignKeys()).toEqual(fksBefore)
    expect(await can('INSERT', 'ai_usage_logs')).toBe(true)
    expect(await can('UPDATE', 'ai_usage_logs')).toBe(false)
    expect(await can('INSERT', 'ai_usage_log_keys')).toBe(true)
    const keys = await db('ai_usage_log_keys')
      .where({ organization_id: tenant.organizationId })
      .orderBy('log_id')
      .select('idempotency_key', 'log_id', 'created_at')
    expect(keys).toEqual(
      (before as Array<{ id: number; idempotency_key: string | null; created_at: string }>)
        .filter((r) => r.idempotency_key)
        .map((r) => ({
          idempotency_key: r.idempotency_key,
          log_id: r.id,
          created_at: new Date(r.created_at),
        })),
    )

    // The sequence still hands out new ids past the old ones.
    const maxBefore = Math.max(...(before as Array<{ id: number }>).map((r) => r.id))
    const [{ id: next }] = await db('ai_usage_logs')
      .insert({
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
        created_at: CALLS[0]?.at,
      })
      .returning('id')
    expect(next).toBeGreaterThan(maxBefore)
    await db('ai_usage_logs').where({ id: next }).delete()

    // The rollups rebuilt from the partitioned table are the same, digit for digit.
    await rollUpDays(db, DAYS)
    expect(await rollups()).toEqual(rollupsBefore)

    await db.migrate.down(config)
    expect(await relkind('ai_usage_logs')).toBe('r')
    expect(await relkind('ai_usage_log_keys')).toBeNull()
    expect(await logs()).toEqual(before)
    expect(await indexNames()).toEqual(indexesBefore)
    expect(await foreignKeys()).toEqual(fksBefore)
    expect(await can('INSERT', 'ai_usage_logs')).toBe(true)
    await expect(
      db('ai_usage_logs').insert({
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
        idempotency_key: 'nov',
      }),
    ).rejects.toThrow(/ai_usage_logs_idempotency/)

    await db.migrate.up(config)
    expect(await logs()).toEqual(before)
  })
})
