import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import * as migration from '../migrations/0008_dashboard_rollups'
import { aggregateDaily } from './aggregate-daily'
import { aggregateMonthly } from './aggregate-monthly'
import { type DashboardCounts, type DashboardGrain, refreshDashboardRollups } from './dashboard-rollups'
import { rollUpDays } from './roll-up-days'
import {
  createTenancy,
  EDGE_DAYS as DAYS,
  type GeneratedLog,
  generateLogs,
  insertLogs,
  type Tenancy,
  totalsBy,
  utcDayOf,
  utcMonthKeyOf,
} from './test-logs'

const GRAIN_KEYS: Record<DashboardGrain, string> = {
  totals: 'organization_id',
  breakdown: 'organization_id, provider, category',
  users: 'organization_id, user_id',
}
const GRAINS = Object.keys(GRAIN_KEYS) as DashboardGrain[]

let db: Db
let tenancy: Tenancy
let logs: GeneratedLog[]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenancy = await createTenancy(db, 3, 3, 'Dashboard rollup')
  logs = generateLogs(tenancy, DAYS, 250, 7)
  await insertLogs(db, logs)
  await rollUpDays(db, DAYS)
})
afterAll(async () => {
  await db('organizations').whereIn('id', tenancy.organizationIds).delete()
  await db.destroy()
})

/**
 * Rows that differ between a dashboard table and the same grouping of the logs, both ways; money is
 * compared as text, so "equal" means to the last decimal.
 */
async function mismatches(level: 'daily' | 'monthly', grain: DashboardGrain): Promise<unknown[]> {
  const keys = GRAIN_KEYS[grain]
  const period =
    level === 'daily'
      ? ["(created_at at time zone 'UTC')::date", 'date']
      : [
          "extract(year from created_at at time zone 'UTC')::smallint, extract(month from created_at at time zone 'UTC')::smallint",
          'year, month',
        ]
  const fromLogs = `
    select ${period[0]}, ${keys}, count(*)::bigint, (count(*) filter (where success))::bigint,
           sum(total_tokens)::bigint, coalesce(sum(cost), 0.000000000000)::text
    from ai_usage_logs where organization_id = any(:orgs) group by ${period[0]}, ${keys}`
  const fromTable = `
    select ${period[1]}, ${keys}, request_count, success_count, total_tokens, total_cost::text
    from ai_usage_${level}_${grain} where organization_id = any(:orgs)`
  const orgs = tenancy.organizationIds
  const { rows: missing } = await db.raw(`(${fromLogs}) except (${fromTable})`, { orgs })
  const { rows: extra } = await db.raw(`(${fromTable}) except (${fromLogs})`, { orgs })
  return [...missing.map((r: object) => ({ missing: r })), ...extra.map((r: object) => ({ extra: r }))]
}

async function allMismatches(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {}
  for (const level of ['daily', 'monthly'] as const)
    for (const grain of GRAINS) result[`${level}_${grain}`] = await mismatches(level, grain)
  return result
}

const NONE = Object.fromEntries(
  ['daily', 'monthly'].flatMap((level) => GRAINS.map((grain) => [`${level}_${grain}`, []])),
)

/** Cost and requests per period from one table, for our organizations. */
async function costsBy(
  table: string,
  period: string,
): Promise<Map<string, { cost: string; requests: number }>> {
  const { rows } = await db.raw(
    `select ${period} as key, sum(total_cost)::text as cost, sum(request_count)::int as requests
     from ${table} where organization_id = any(?) group by 1 order by 1`,
    [tenancy.organizationIds],
  )
  return new Map(rows.map((r: { key: string; cost: string; requests: number }) => [r.key, r]))
}

const written = (counts: DashboardCounts) =>
  GRAINS.reduce((n, g) => n + counts[g].upserted + counts[g].deleted, 0)

describe('dashboard rollups', () => {
  it('every table equals its logs key for key, per UTC day and per month, across a year end', async () => {
    expect(await allMismatches()).toEqual(NONE)
  })

  it('adds up to the logs of each day and month to the last decimal (checked in integer pico-dollars)', async () => {
    const byDay = totalsBy(logs, utcDayOf)
    const byMonth = totalsBy(logs, utcMonthKeyOf)
    const monthKey = "year || '-' || lpad(month::text, 2, '0')"
    for (const grain of GRAINS) {
      const days = await costsBy(`ai_usage_daily_${grain}`, 'date::text')
      expect([...days.keys()]).toEqual([...DAYS].sort())
      for (const [day, t] of byDay)
        expect(days.get(day)).toEqual({ key: day, cost: t.cost, requests: t.requests })
      const months = await costsBy(`ai_usage_monthly_${grain}`, monthKey)
      expect(months.size).toBe(byMonth.size)
      for (const [month, t] of byMonth)
        expect(months.get(month)).toEqual({ key: month, cost: t.cost, requests: t.requests })
    }
  })

  it('shrinks the daily table: one totals row per organization and day', async () => {
    const { rows } = await db.raw(
      `select (select count(*) from ai_usage_daily where organization_id = any(:orgs))::int as daily,
              (select count(*) from ai_usage_daily_totals where organization_id = any(:orgs))::int as totals`,
      { orgs: tenancy.organizationIds },
    )
    expect(rows[0].totals).toBe(DAYS.length * tenancy.organizationIds.length)
    expect(rows[0].daily).toBeGreaterThan(rows[0].totals * 10)
  })

  it('re-running days and months writes nothing and changes nothing', async () => {
    const before = await costsBy('ai_usage_monthly_users', "year || '-' || month")
    const { days, months } = await rollUpDays(db, DAYS)
    for (const day of days) {
      expect(written(day.dashboard.daily)).toBe(0)
      if (day.dashboard.monthly) expect(written(day.dashboard.monthly)).toBe(0)
    }
    // A backfill rebuilds each month's dashboard rows once, with its last day.
    expect(days.filter((d) => d.dashboard.monthly).map((d) => d.day)).toEqual([
      '2025-12-31',
      '2026-01-31',
      '2026-02-01',
      '2024-02-29',
      '2024-03-01',
    ])
    for (const month of months) expect(written(month.dashboard)).toBe(0)
    expect(await costsBy('ai_usage_monthly_users', "year || '-' || month")).toEqual(before)
    expect(await allMismatches()).toEqual(NONE)
  })

  it('removes stale keys when logs move to another key, and the month follows', async () => {
    const day = '2026-01-02'
    const org = tenancy.organizationIds[0] as number
    const moved = await db('ai_usage_logs')
      .where({ organization_id: org, provider: 'openai' })
      .where('created_at', '>=', `${day}T00:00:00Z`)
      .where('created_at', '<', '2026-01-03T00:00:00Z')
      .update({ provider: 'mistral', user_id: null })
    expect(moved).toBeGreaterThan(0)
    const result = await aggregateDaily(db, day)
    expect(result.dashboard.daily.breakdown.deleted).toBeGreaterThan(0)
    expect(result.dashboard.daily.breakdown.inserted).toBeGreaterThan(0)
    // Other January days still have openai calls: the month's openai rows shrink, mistral ones appear.
    expect(result.dashboard.monthly?.breakdown.updated).toBeGreaterThan(0)
    expect(result.dashboard.monthly?.breakdown.inserted).toBeGreaterThan(0)
    const left = await db('ai_usage_monthly_breakdown').where({ organization_id: org, provider: 'openai' })
    expect(left.length).toBeGreaterThan(0)
    expect(await allMismatches()).toEqual(NONE)
  })

  it("drops a day's rows when all its logs are deleted, and takes them out of the month", async () => {
    const day = '2024-02-29'
    await db('ai_usage_logs')
      .whereIn('organization_id', tenancy.organizationIds)
      .where('created_at', '>=', `${day}T00:00:00Z`)
      .where('created_at', '<', '2024-03-01T00:00:00Z')
      .delete()
    const result = await aggregateDaily(db, day)
    expect(result.dashboard.daily.totals).toMatchObject({
      groups: 0,
      deleted: tenancy.organizationIds.length,
    })
    for (const grain of GRAINS)
      expect(
        await db(`ai_usage_daily_${grain}`)
          .whereIn('organization_id', tenancy.organizationIds)
          .where({ date: day }),
      ).toEqual([])
    expect(await allMismatches()).toEqual(NONE)
  })

  it('keeps the month right when two days of it are aggregated at once', async () => {
    const extra = generateLogs(tenancy, ['2026-01-01', '2026-01-31'], 40, 99)
    await insertLogs(db, extra)
    await Promise.all([aggregateDaily(db, '2026-01-01'), aggregateDaily(db, '2026-01-31')])
    expect(await allMismatches()).toEqual(NONE)
  })

  it('aggregateMonthly finds the month tables already current', async () => {
    const month = await aggregateMonthly(db, 2026, 1)
    expect(written(month.dashboard)).toBe(0)
    expect(month.dashboard.totals.groups).toBe(tenancy.organizationIds.length)
  })

  it('refreshDashboardRollups derives a day written straight into ai_usage_daily', async () => {
    const org = tenancy.organizationIds[1] as number
    await db('ai_usage_daily').insert([
      {
        date: '2023-05-06',
        organization_id: org,
        category: 'general',
        provider: 'openai',
        model: 'a',
        request_count: 2,
        success_count: 1,
        total_tokens: 30,
        total_cost: '1.250000',
      },
      {
        date: '2023-05-06',
        organization_id: org,
        category: 'general',
        provider: 'openai',
        model: 'b',
        request_count: 1,
        success_count: 1,
        total_tokens: 10,
        total_cost: '0.000001',
      },
    ])
    const { daily, monthly } = await refreshDashboardRollups(db, '2023-05-06')
    expect(daily.breakdown).toMatchObject({ groups: 1, inserted: 1 })
    expect(monthly.totals).toMatchObject({ groups: 1, inserted: 1 })
    expect(
      await db('ai_usage_monthly_breakdown')
        .where({ organization_id: org, year: 2023, month: 5 })
        .select('request_count', 'success_count', 'total_tokens', 'total_cost'),
    ).toEqual([{ request_count: 3, success_count: 2, total_tokens: 40, total_cost: '1.250001000000' }])
    await db('ai_usage_daily').where({ organization_id: org, date: '2023-05-06' }).delete()
    await refreshDashboardRollups(db, '2023-05-06')
    expect(await db('ai_usage_monthly_totals').where({ organization_id: org, year: 2023 })).toEqual([])
  })

  it('the migration fills the tables from an existing ai_usage_daily', async () => {
    await migration.down(db)
    await migration.up(db)
    expect(await allMismatches()).toEqual(NONE)
  })
})
