import { utcMonthOfDay } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { aggregateDaily } from './aggregate-daily'
import { aggregateMonthly } from './aggregate-monthly'
import {
  createTenancy,
  EDGE_DAYS as DAYS,
  type GeneratedLog,
  generateLogs,
  insertLogs,
  type Tenancy,
  type Totals,
  totalsBy,
  utcDayOf,
  utcMonthKeyOf,
} from './test-logs'

const MONTHS = [...new Set(DAYS.map((d) => d.slice(0, 7)))]

let db: Db
let tenancy: Tenancy
let logs: GeneratedLog[]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenancy = await createTenancy(db, 4, 3, 'Rollup')
  logs = generateLogs(tenancy, DAYS, 300, 42)
  await insertLogs(db, logs)
})
afterAll(async () => {
  await db('organizations').whereIn('id', tenancy.organizationIds).delete()
  await db.destroy()
})

async function aggregateAll(): Promise<void> {
  for (const day of DAYS) await aggregateDaily(db, day)
  for (const month of MONTHS) {
    const { year, month: m } = utcMonthOfDay(`${month}-01`)
    await aggregateMonthly(db, year, m)
  }
}

/** Daily-table totals per day for our organizations, money as the numeric string SQL gives. */
async function dailyTotals(): Promise<Map<string, Totals>> {
  const { rows } = await db.raw(
    `select date as key, sum(request_count)::bigint as requests, sum(success_count)::bigint as successes,
            sum(failure_count)::bigint as failures, sum(total_prompt_tokens)::bigint as "promptTokens",
            sum(total_completion_tokens)::bigint as "completionTokens", sum(total_tokens)::bigint as tokens,
            sum(total_cost)::numeric(30, 12)::text as cost, sum(total_duration_ms)::bigint as "durationMs"
     from ai_usage_daily where organization_id = any(?) group by date order by date`,
    [tenancy.organizationIds],
  )
  return new Map(rows.map(({ key, ...totals }: { key: string } & Totals) => [key, totals]))
}

/** The same totals straight from the logs (the UTC day computed in SQL), to compare string for string. */
async function logTotals(): Promise<Map<string, Totals>> {
  const { rows } = await db.raw(
    `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as key, count(*)::bigint as requests,
            count(*) filter (where success)::bigint as successes, count(*) filter (where not success)::bigint as failures,
            sum(prompt_tokens)::bigint as "promptTokens", sum(completion_tokens)::bigint as "completionTokens",
            sum(total_tokens)::bigint as tokens, coalesce(sum(cost), 0)::numeric(30, 12)::text as cost,
            coalesce(sum(duration_ms), 0)::bigint as "durationMs"
     from ai_usage_logs where organization_id = any(?) group by 1 order by 1`,
    [tenancy.organizationIds],
  )
  return new Map(rows.map(({ key, ...totals }: { key: string } & Totals) => [key, totals]))
}

/** Rows that differ, key for key, between the logs grouped in SQL and the daily table (both ways). */
async function dailyKeyMismatches(): Promise<unknown[]> {
  const fromLogs = `
    select (created_at at time zone 'UTC')::date as date, organization_id, user_id, category, provider, model,
           count(*)::integer, (count(*) filter (where success))::integer, (count(*) filter (where not success))::integer,
           sum(prompt_tokens)::bigint, sum(completion_tokens)::bigint, sum(total_tokens)::bigint,
           coalesce(sum(cost), 0)::numeric(24, 12), coalesce(sum(duration_ms), 0)::bigint
    from ai_usage_logs where organization_id = any(:orgs) group by 1, 2, 3, 4, 5, 6`
  const fromDaily = `
    select date, organization_id, user_id, category, provider, model, request_count, success_count, failure_count,
           total_prompt_tokens, total_completion_tokens, total_tokens, total_cost, total_duration_ms
    from ai_usage_daily where organization_id = any(:orgs)`
  const orgs = tenancy.organizationIds
  const { rows: missing } = await db.raw(`(${fromLogs}) except (${fromDaily})`, { orgs })
  const { rows: extra } = await db.raw(`(${fromDaily}) except (${fromLogs})`, { orgs })
  return [...missing.map((r: object) => ({ missing: r })), ...extra.map((r: object) => ({ extra: r }))]
}

describe('aggregateDaily / aggregateMonthly invariants', () => {
  it('daily totals equal the logs of each UTC day, exactly (counts, tokens, cost strings)', async () => {
    await aggregateAll()
    const expected = totalsBy(logs, utcDayOf)
    expect([...expected.keys()].sort()).toEqual([...DAYS].sort())
    expect(await dailyTotals()).toEqual(expected)
    expect(await logTotals()).toEqual(expected)
    expect(await dailyKeyMismatches()).toEqual([])
  })

  it('counts unpriced logs and failures, and keeps one row per key with a null user', async () => {
    const { rows } = await db.raw(
      `select count(*)::int as rows, count(*) filter (where user_id is null)::int as no_user,
              sum(failure_count)::int as failures,
              count(*) filter (where provider = 'acme' and total_cost = 0 and request_count > 0)::int as unpriced
       from ai_usage_daily where organization_id = any(?)`,
      [tenancy.organizationIds],
    )
    expect(rows[0].no_user).toBeGreaterThan(0)
    expect(rows[0].failures).toBe(logs.filter((l) => !l.success).length)
    expect(rows[0].unpriced).toBeGreaterThan(0)
    const { rows: dupes } = await db.raw(
      `select 1 from ai_usage_daily where organization_id = any(?)
       group by date, organization_id, user_id, category, provider, model having count(*) > 1`,
      [tenancy.organizationIds],
    )
    expect(dupes).toEqual([])
  })

  it('puts 23:59:59.999 on its day and 00:00:00.000 on the next, across the year end', async () => {
    const edge = logs.filter((l) => l.created_at.toISOString().endsWith('T23:59:59.999Z'))
    const first = logs.filter((l) => l.created_at.toISOString().endsWith('T00:00:00.000Z'))
    expect(edge.map(utcDayOf).sort()).toEqual([...DAYS].sort())
    expect(first.map(utcDayOf).sort()).toEqual([...DAYS].sort())
    // The year-end totals are already covered by the per-day equality; check the monthly split too.
    const { rows } = await db.raw(
      `select year, month, sum(request_count)::int as requests from ai_usage_monthly
       where organization_id = any(?) group by year, month order by year, month`,
      [tenancy.organizationIds],
    )
    const expected = totalsBy(logs, utcMonthKeyOf)
    expect(
      rows.map((r: { year: number; month: number }) => `${r.year}-${String(r.month).padStart(2, '0')}`),
    ).toEqual([...expected.keys()].sort())
    for (const row of rows)
      expect(row.requests).toBe(expected.get(`${row.year}-${String(row.month).padStart(2, '0')}`)?.requests)
  })

  it("monthly rows equal the sum of the month's daily rows, key for key, and the logs' cost", async () => {
    const monthFromDaily = `
      select extract(year from date)::smallint as year, extract(month from date)::smallint as month,
             organization_id, user_id, category, sum(request_count)::integer, sum(success_count)::integer,
             sum(total_tokens)::bigint, sum(total_cost)::numeric(26, 12)
      from ai_usage_daily where organization_id = any(:orgs) group by 1, 2, 3, 4, 5`
    const monthly = `
      select year, month, organization_id, user_id, category, request_count, success_count, total_tokens, total_cost
      from ai_usage_monthly where organization_id = any(:orgs)`
    const orgs = tenancy.organizationIds
    expect((await db.raw(`(${monthFromDaily}) except (${monthly})`, { orgs })).rows).toEqual([])
    expect((await db.raw(`(${monthly}) except (${monthFromDaily})`, { orgs })).rows).toEqual([])

    const { rows } = await db.raw(
      `select year, month, sum(total_cost)::numeric(30, 12)::text as cost from ai_usage_monthly
       where organization_id = any(?) group by year, month`,
      [orgs],
    )
    const expected = totalsBy(logs, utcMonthKeyOf)
    for (const row of rows)
      expect(row.cost).toBe(expected.get(`${row.year}-${String(row.month).padStart(2, '0')}`)?.cost)
  })

  it('re-running changes nothing and never doubles', async () => {
    const before = await dailyTotals()
    for (const day of DAYS) {
      const again = await aggregateDaily(db, day)
      expect(again).toMatchObject({ inserted: 0, updated: 0, deleted: 0, upserted: 0 })
    }
    const month = await aggregateMonthly(db, 2026, 1)
    expect(month).toMatchObject({ inserted: 0, updated: 0, deleted: 0 })
    expect(await dailyTotals()).toEqual(before)
    expect(await dailyKeyMismatches()).toEqual([])
  })

  it('picks up a late log on re-run (update), and a new key (insert)', async () => {
    const [base] = logs
    if (!base) throw new Error('no logs')
    const late = { ...base, created_at: new Date('2026-01-01T12:00:00.000Z'), cost: '0.000001' }
    const newKey = { ...late, model: 'brand-new-model', provider: 'openai' }
    await insertLogs(db, [late, newKey])
    logs.push(late, newKey)
    const result = await aggregateDaily(db, '2026-01-01')
    expect(result.inserted).toBeGreaterThanOrEqual(1)
    expect(result.upserted).toBeGreaterThanOrEqual(1)
    await aggregateMonthly(db, 2026, 1)
    expect(await dailyTotals()).toEqual(totalsBy(logs, utcDayOf))
    expect(await dailyKeyMismatches()).toEqual([])
  })

  it("removes a day's rows when its logs are deleted, and the month follows", async () => {
    const day = '2025-12-31'
    await db('ai_usage_logs')
      .whereIn('organization_id', tenancy.organizationIds)
      .where('created_at', '>=', `${day}T00:00:00Z`)
      .where('created_at', '<', '2026-01-01T00:00:00Z')
      .delete()
    logs = logs.filter((l) => utcDayOf(l) !== day)
    const result = await aggregateDaily(db, day)
    expect(result.deleted).toBeGreaterThan(0)
    const left = await db('ai_usage_daily')
      .whereIn('organization_id', tenancy.organizationIds)
      .where({ date: day })
    expect(left).toEqual([])
    // Neighbouring days untouched.
    expect(await dailyTotals()).toEqual(totalsBy(logs, utcDayOf))

    await aggregateMonthly(db, 2025, 12)
    const { rows } = await db.raw(
      `select sum(total_cost)::numeric(30, 12)::text as cost, sum(request_count)::int as requests
       from ai_usage_monthly where organization_id = any(?) and year = 2025 and month = 12`,
      [tenancy.organizationIds],
    )
    const december = totalsBy(logs, utcMonthKeyOf).get('2025-12')
    expect(rows[0]).toEqual({ cost: december?.cost, requests: december?.requests })
  })

  it('an aggregated day with no logs at all ends with no rows', async () => {
    const tenancy2 = await createTenancy(db, 1, 1, 'Emptied')
    const org = tenancy2.organizationIds[0] as number
    await db('ai_usage_logs').insert({
      organization_id: org,
      provider: 'openai',
      model: 'gpt-4o',
      created_at: '2019-07-04T10:00:00Z',
    })
    expect((await aggregateDaily(db, '2019-07-04')).inserted).toBeGreaterThanOrEqual(1)
    await db('ai_usage_logs').where({ organization_id: org }).delete()
    await aggregateDaily(db, '2019-07-04')
    expect(await db('ai_usage_daily').where({ organization_id: org })).toEqual([])
    await db('organizations').where({ id: org }).delete()
  })

  it('refuses a day or month that is not on the calendar, touching nothing', async () => {
    await expect(aggregateDaily(db, '2026-02-30')).rejects.toThrow(/calendar day/)
    await expect(aggregateDaily(db, '2026-1-5')).rejects.toThrow(/calendar day/)
    await expect(aggregateMonthly(db, 2026, 13)).rejects.toThrow(/month/)
  })
})
