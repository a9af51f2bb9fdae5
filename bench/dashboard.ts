// Every dashboard query of @tokenledger/db analytics and the first page of the log list, on a year
// of generated logs (50 organizations, 2,000 users), against the same figures computed from the raw
// logs in the same run.
// Run from the repo root: node --import tsx bench/dashboard.ts [--rows N] [--runs N] [--quick]
// Uses DATABASE_URL when set (it adds its own organizations and users and deletes them at the end),
// otherwise a throwaway embedded PostgreSQL.
import { parseArgs } from 'node:util'
import {
  addUtcDays,
  aggregateDaily,
  aggregateMonthly,
  createDb,
  dashboardWindow,
  getBudgetStates,
  getCostByCategory,
  getCostByProvider,
  getCostSummary,
  getDailyCostSeries,
  getTopOrganizations,
  getTopUsers,
  listUsageLogs,
  type UsageLogFilters,
  utcMonthFirstDay,
  utcWeekStart,
} from '@tokenledger/db'
import { createTestDatabase, type TestDatabase } from '@tokenledger/db/testing'
import { createTenants, loadLogs } from './support/dashboard-data'

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
})
const ROWS = Number(values.rows ?? (values.quick ? 200_000 : 10_000_000))
const RUNS = Number(values.runs ?? (values.quick ? 5 : 20))
if (!Number.isInteger(ROWS) || ROWS < 1)
  throw new Error(`--rows must be a positive whole number, got ${values.rows}`)
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a positive whole number, got ${values.runs}`)
const ORGS = 50
const USERS = 2000
const TARGET_MS = 100
// "Now" for every query: far from any real data, the logs cover the year before it.
const NOW = new Date('2002-06-15T12:00:00.000Z')
const FIRST_DAY = addUtcDays('2002-06-15', -365)

const log = (line: string) => console.error(line)
const testDatabase: TestDatabase | null = process.env.DATABASE_URL ? null : await createTestDatabase()
const db = createDb(process.env.DATABASE_URL ?? (testDatabase as TestDatabase).url)
const prefix = `bench-dashboard-${Date.now().toString(36)}`
let orgIds: number[] = []
try {
  log(`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'throwaway embedded PostgreSQL'}`)
  const tenants = await createTenants(db, ORGS, USERS, prefix)
  orgIds = tenants.orgIds
  log(`generating ${ROWS.toLocaleString('en-US')} logs from ${FIRST_DAY} to ${NOW.toISOString()}…`)
  const load = await loadLogs(
    db,
    tenants,
    ROWS,
    new Date(`${FIRST_DAY}T00:00:00.000Z`),
    NOW,
    !process.env.DATABASE_URL,
    log,
  )
  log(`loaded in ${((load.insertMs + load.indexMs) / 1000).toFixed(1)} s`)

  // Rollups: every day before today, then every month that has days.
  const { today } = dashboardWindow(NOW)
  let dailyMs = 0
  let days = 0
  const dailyStarted = performance.now()
  for (let day = FIRST_DAY; day < today; day = addUtcDays(day, 1)) {
    await aggregateDaily(db, day)
    days++
  }
  dailyMs = performance.now() - dailyStarted
  log(`aggregateDaily × ${days}: ${(dailyMs / 1000).toFixed(1)} s`)
  const monthlyStarted = performance.now()
  let months = 0
  for (
    let month = utcMonthFirstDay(FIRST_DAY);
    month <= today;
    month = utcMonthFirstDay(addUtcDays(month, 31))
  ) {
    await aggregateMonthly(db, Number(month.slice(0, 4)), Number(month.slice(5, 7)))
    months++
  }
  const monthlyMs = performance.now() - monthlyStarted
  await db.raw('vacuum analyze ai_usage_daily')
  await db.raw('vacuum analyze ai_usage_monthly')

  console.log('')
  console.log(
    `${ROWS.toLocaleString('en-US')} logs, ${FIRST_DAY} … ${NOW.toISOString()}, ${ORGS} organizations, ${tenants.userIds.length.toLocaleString('en-US')} users, ${(ORGS + tenants.userIds.length).toLocaleString('en-US')} budgets`,
  )
  console.log('')
  console.log('| step | seconds |')
  console.log('| --- | ---: |')
  console.log(`| generate logs (INSERT … SELECT generate_series) | ${(load.insertMs / 1000).toFixed(1)} |`)
  if (load.indexMs > 0)
    console.log(`| rebuild log indexes + vacuum analyze | ${(load.indexMs / 1000).toFixed(1)} |`)
  console.log(
    `| aggregateDaily, ${days} days | ${(dailyMs / 1000).toFixed(1)} (${(dailyMs / days).toFixed(0)} ms/day) |`,
  )
  console.log(`| aggregateMonthly, ${months} months | ${(monthlyMs / 1000).toFixed(1)} |`)
  const counted = await db.raw(
    'select (select count(*) from ai_usage_daily)::bigint as daily, (select count(*) from ai_usage_monthly)::bigint as monthly',
  )
  const { daily, monthly } = counted.rows[0] as { daily: string; monthly: string }
  console.log('')
  console.log(
    `rollup rows: ai_usage_daily ${Number(daily).toLocaleString('en-US')} (${((Number(daily) / ROWS) * 100).toFixed(0)}% of the logs), ai_usage_monthly ${Number(monthly).toLocaleString('en-US')}`,
  )

  // ---- the floors: the same figures from the raw logs ----
  const iso = (day: string) => `${day}T00:00:00.000Z`
  const tomorrow = addUtcDays(today, 1)
  const monthStart = utcMonthFirstDay(today)
  const summaryFrom = [
    utcMonthFirstDay(addUtcDays(monthStart, -1)),
    addUtcDays(utcWeekStart(today), -7),
  ].sort()[0] as string
  const raw =
    (sql: string, args: Array<string | number> = []) =>
    async () =>
      (await db.raw(sql, args)).rows.length as number
  const month = [iso(monthStart), iso(tomorrow)]
  const monthGroup = (by: string) =>
    raw(
      `select ${by}, coalesce(sum(cost), 0) as cost, count(*) as requests from ai_usage_logs
       where created_at >= ? and created_at < ? group by ${by} order by cost desc`,
      month,
    )
  const org = orgIds[0] as number
  const listFloor = (where: string, args: Array<string | number>) =>
    raw(`select l.* from ai_usage_logs l ${where} order by l.created_at desc, l.id desc limit 50`, args)
  const rangeFrom = '2002-01-01'
  const rangeTo = '2002-01-31'
  const lists: Array<[string, UsageLogFilters, string, Array<string | number>]> = [
    ['no filter', {}, '', []],
    ['organization', { organizationId: org }, 'where l.organization_id = ?', [org]],
    [
      'organization + category',
      { organizationId: org, category: 'summarization' },
      'where l.organization_id = ? and l.category = ?',
      [org, 'summarization'],
    ],
    [
      `date range ${rangeFrom} … ${rangeTo}`,
      { from: rangeFrom, to: rangeTo },
      'where l.created_at >= ? and l.created_at < ?',
      [iso(rangeFrom), iso(addUtcDays(rangeTo, 1))],
    ],
  ]
  const cases: Array<[string, () => Promise<unknown>, string, () => Promise<unknown>]> = [
    [
      'cost summary (today, week, month vs previous; all time)',
      () => getCostSummary(db, { now: NOW }),
      'per-day GROUP BY since the previous month + all-time sum',
      raw(
        `select (created_at at time zone 'UTC')::date as day, coalesce(sum(cost), 0), count(*) from ai_usage_logs
         where created_at >= ? and created_at < ? group by 1
         union all select null, coalesce(sum(cost), 0), count(*) from ai_usage_logs where created_at < ?`,
        [iso(summaryFrom), iso(tomorrow), iso(tomorrow)],
      ),
    ],
    [
      'daily series (30 days)',
      () => getDailyCostSeries(db, { now: NOW }),
      'per-day GROUP BY, 30 days',
      raw(
        `select (created_at at time zone 'UTC')::date as day, coalesce(sum(cost), 0), count(*) from ai_usage_logs
         where created_at >= ? and created_at < ? group by 1`,
        [iso(addUtcDays(today, -29)), iso(tomorrow)],
      ),
    ],
    [
      'cost by provider (this month)',
      () => getCostByProvider(db, { now: NOW }),
      'GROUP BY provider, this month',
      monthGroup('provider'),
    ],
    [
      'cost by category (this month)',
      () => getCostByCategory(db, { now: NOW }),
      'GROUP BY category, this month',
      monthGroup('category'),
    ],
    [
      'top organizations (this month)',
      () => getTopOrganizations(db, { now: NOW }),
      'GROUP BY organization, this month, top 10',
      raw(
        `select o.id, o.name, sum(l.cost) as cost, count(*) from ai_usage_logs l join organizations o on o.id = l.organization_id
         where l.created_at >= ? and l.created_at < ? group by o.id order by cost desc nulls last limit 10`,
        month,
      ),
    ],
    [
      'top users (this month)',
      () => getTopUsers(db, { now: NOW }),
      'GROUP BY user, this month, top 10',
      raw(
        `select u.id, u.name, sum(l.cost) as cost, count(*) from ai_usage_logs l join users u on u.id = l.user_id
         where l.created_at >= ? and l.created_at < ? group by u.id order by cost desc nulls last limit 10`,
        month,
      ),
    ],
    [
      `budget states (${(ORGS + tenants.userIds.length).toLocaleString('en-US')} budgets)`,
      () => getBudgetStates(db, { now: NOW }),
      'month spend per organization and per user from the logs',
      raw(
        `select organization_id, user_id, coalesce(sum(cost), 0) from ai_usage_logs
         where created_at >= ? and created_at < ? group by grouping sets ((organization_id), (organization_id, user_id))`,
        month,
      ),
    ],
    ...lists.map(
      ([label, filters, where, args]) =>
        [
          `listUsageLogs first page (50), ${label}`,
          () => listUsageLogs(db, { filters }),
          'plain SELECT l.* … ORDER BY created_at DESC LIMIT 50, same filter',
          listFloor(where, args),
        ] as [string, () => Promise<unknown>, string, () => Promise<unknown>],
    ),
  ]

  console.log('')
  console.log(
    `Dashboard queries (now = ${NOW.toISOString()}, all organizations unless said), p95 of ${RUNS} runs each, query and floor interleaved; target ≤ ${TARGET_MS} ms`,
  )
  console.log('')
  console.log('| query | p95 ms | median ms | floor (raw logs) | floor p95 ms | floor ÷ query | ≤ 100 ms |')
  console.log('| --- | ---: | ---: | --- | ---: | ---: | :---: |')
  for (const [name, query, floorName, floor] of cases) {
    await query()
    await floor()
    const q: number[] = []
    const f: number[] = []
    for (let i = 0; i < RUNS; i++) {
      q.push(await time(query))
      f.push(await time(floor))
    }
    const qp95 = percentile(q, 0.95)
    const fp95 = percentile(f, 0.95)
    console.log(
      `| ${name} | ${qp95.toFixed(1)} | ${percentile(q, 0.5).toFixed(1)} | ${floorName} | ${fp95.toFixed(1)} | ${(fp95 / qp95).toFixed(1)}× | ${qp95 <= TARGET_MS ? 'yes' : 'no'} |`,
    )
  }
} finally {
  if (orgIds.length && !testDatabase) {
    log('cleaning up…')
    await db('organizations').whereIn('id', orgIds).delete()
    await db('users').where('email', 'like', `${prefix}-%`).delete()
  }
  await db.destroy()
  await testDatabase?.drop()
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number
}
