// Every dashboard query of @tokenledger/db analytics and pages of the log list, on a year
// of generated logs (50 organizations, 2,000 users), against the same figures computed from the raw
// logs in the same run.
// Run from the repo root:
//   node --import tsx bench/dashboard.ts [--rows N] [--runs N] [--quick] [--shape uniform|skewed] [--json]
// --shape: how the logs spread over organizations, users, models and days (support/dashboard-data.ts;
// default uniform, the rollups' worst case). --json: one JSON object of the figures as the last line.
// Uses DATABASE_URL when set (it adds its own organizations and users and deletes them at the end),
// otherwise a throwaway embedded PostgreSQL.

import { parseArgs } from 'node:util'
import {
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
  rollUpDays,
  type UsageLogFilters,
} from '@tokenledger/db'
import { createTestDatabase, type TestDatabase } from '@tokenledger/db/testing'
import { addUtcDays, utcDaysBetween, utcMonthFirstDay, utcWeekStart } from '@tokenledger/domain'
import {
  assertLogIndexesCoverPartitions,
  createTenants,
  loadLogs,
  SHAPES,
  type Shape,
} from './support/dashboard-data'

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    shape: { type: 'string', default: 'uniform' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log(`node --import tsx bench/dashboard.ts [--rows N] [--runs N] [--quick] [--shape uniform|skewed] [--json]

  --rows   logs to generate over the year before 2002-06-15 12:00 UTC (default 10,000,000; --quick 200,000)
  --runs   timed runs per query, each followed by a run of its floor (default 20; --quick 5)
  --shape  uniform: every key equally likely (the rollups' worst case, default);
           skewed: a few large organizations, users sticking to a few models and categories,
           quieter weekends (closer to real traffic)
  --json   also print one JSON object with every figure as the last line of stdout`)
  process.exit(0)
}
const SHAPE = values.shape as Shape
if (!SHAPES.includes(SHAPE))
  throw new Error(`--shape must be one of ${SHAPES.join(', ')}, got ${values.shape}`)
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
  const tenants = await createTenants(db, ORGS, USERS, prefix, NOW)
  orgIds = tenants.orgIds
  log(`generating ${ROWS.toLocaleString('en-US')} ${SHAPE} logs from ${FIRST_DAY} to ${NOW.toISOString()}…`)
  const load = await loadLogs(
    db,
    tenants,
    ROWS,
    new Date(`${FIRST_DAY}T00:00:00.000Z`),
    NOW,
    !process.env.DATABASE_URL,
    log,
    SHAPE,
  )
  log(`loaded in ${((load.insertMs + load.indexMs) / 1000).toFixed(1)} s`)
  // The no-match purpose search below is only the list's real case with the trigram index in place.
  await assertLogIndexesCoverPartitions(db)

  // Rollups as the jobs leave them: every day up to today (today as refresh-today left it), then
  // every month those days touched, through the composition the worker and the CLI use.
  const { today } = dashboardWindow(NOW)
  const rolled = await rollUpDays(db, utcDaysBetween(FIRST_DAY, today), (day) => {
    if (day.day.endsWith('-01')) log(`  rolled up ${day.day} (${day.durationMs} ms)`)
  })
  const days = rolled.days.length
  const dailyMs = rolled.days.reduce((ms, d) => ms + d.durationMs, 0)
  const months = rolled.months.length
  const monthlyMs = rolled.months.reduce((ms, m) => ms + m.durationMs, 0)
  log(
    `rollUpDays × ${days} days: ${(dailyMs / 1000).toFixed(1)} s, ${months} months: ${(monthlyMs / 1000).toFixed(1)} s`,
  )
  const ROLLUPS = [
    'ai_usage_daily',
    'ai_usage_daily_totals',
    'ai_usage_daily_breakdown',
    'ai_usage_daily_users',
    'ai_usage_monthly',
    'ai_usage_monthly_totals',
    'ai_usage_monthly_breakdown',
    'ai_usage_monthly_users',
  ]
  for (const table of ROLLUPS) await db.raw(`vacuum analyze ${table}`)

  console.log('')
  console.log(
    `${ROWS.toLocaleString('en-US')} ${SHAPE} logs, ${FIRST_DAY} … ${NOW.toISOString()}, ${ORGS} organizations, ${tenants.userIds.length.toLocaleString('en-US')} users, ${(ORGS + tenants.userIds.length).toLocaleString('en-US')} budgets`,
  )
  console.log('')
  console.log('| step | seconds |')
  console.log('| --- | ---: |')
  console.log(`| generate logs (INSERT … SELECT generate_series) | ${(load.insertMs / 1000).toFixed(1)} |`)
  if (load.indexMs > 0)
    console.log(`| rebuild log indexes + vacuum analyze | ${(load.indexMs / 1000).toFixed(1)} |`)
  console.log(
    `| aggregateDaily (with the dashboard rollups), ${days} days | ${(dailyMs / 1000).toFixed(1)} (${(dailyMs / days).toFixed(0)} ms/day) |`,
  )
  console.log(`| aggregateMonthly, ${months} months | ${(monthlyMs / 1000).toFixed(1)} |`)
  const counted = await db.raw(
    `select ${ROLLUPS.map((t) => `(select count(*) from ${t})::bigint as ${t}`).join(', ')}`,
  )
  const rollupRows = Object.fromEntries(ROLLUPS.map((t) => [t, Number(counted.rows[0][t])]))
  console.log('')
  console.log(
    `rollup rows: ${ROLLUPS.map((t) => `${t} ${(rollupRows[t] as number).toLocaleString('en-US')}`).join(', ')} (ai_usage_daily = ${(((rollupRows.ai_usage_daily as number) / ROWS) * 100).toFixed(0)}% of the logs)`,
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
  // A month a year back: the oldest generated month but one (the list must prune to it).
  const yearBackFrom = '2001-06-16'
  const yearBackTo = '2001-07-15'
  const range = (from: string, to: string): [string, Array<string | number>] => [
    'l.created_at >= ? and l.created_at < ?',
    [iso(from), iso(addUtcDays(to, 1))],
  ]
  // Page 200 of one organization's logs (10,000 rows back); page 20 when it has too few logs.
  const DEEP_PAGE = ROWS / ORGS >= 20_000 ? 200 : 20
  // [label, filters, the floor's WHERE, its arguments, page (1 = first)]
  const lists: Array<[string, UsageLogFilters, string, Array<string | number>, number]> = [
    ['no filter', {}, '', [], 1],
    ['organization', { organizationId: org }, 'l.organization_id = ?', [org], 1],
    ['organization', { organizationId: org }, 'l.organization_id = ?', [org], DEEP_PAGE],
    [
      'organization + category',
      { organizationId: org, category: 'summarization' },
      'l.organization_id = ? and l.category = ?',
      [org, 'summarization'],
      1,
    ],
    [
      `date range ${rangeFrom} … ${rangeTo}`,
      { from: rangeFrom, to: rangeTo },
      ...range(rangeFrom, rangeTo),
      1,
    ],
    [
      `date range a year back, ${yearBackFrom} … ${yearBackTo}`,
      { from: yearBackFrom, to: yearBackTo },
      ...range(yearBackFrom, yearBackTo),
      1,
    ],
    [
      `organization, ${yearBackFrom} … ${yearBackTo}`,
      { organizationId: org, from: yearBackFrom, to: yearBackTo },
      `l.organization_id = ? and ${range(yearBackFrom, yearBackTo)[0]}`,
      [org, ...range(yearBackFrom, yearBackTo)[1]],
      1,
    ],
    // About 1 log in 20 carries "digest" (support/dashboard-data.ts PURPOSES); none "warranty": a
    // search that must prove there is no match, answered by the trigram index (migration 0017).
    ['purpose contains "digest"', { purpose: 'digest' }, `l.purpose_detail ilike ?`, ['%digest%'], 1],
    [
      'organization + purpose contains "digest"',
      { organizationId: org, purpose: 'digest' },
      'l.organization_id = ? and l.purpose_detail ilike ?',
      [org, '%digest%'],
      1,
    ],
    [
      'organization + purpose contains "warranty" (no match)',
      { organizationId: org, purpose: 'warranty' },
      'l.organization_id = ? and l.purpose_detail ilike ?',
      [org, '%warranty%'],
      1,
    ],
  ]
  // The cursor of each page past the first, and the floor's keyset bound for it: the last row of
  // the page before, found by paging there with listUsageLogs.
  const listCases: Array<[string, () => Promise<unknown>, string, () => Promise<unknown>]> = []
  for (const [label, filters, where, args, page] of lists) {
    let cursor: string | null = null
    let edge: { createdAt: Date; id: number } | undefined
    for (let i = 1; i < page; i++) {
      const previous = await listUsageLogs(db, { filters, cursor, now: NOW })
      cursor = previous.nextCursor
      edge = previous.rows.at(-1)
      if (!cursor || !edge) throw new Error(`${label}: fewer than ${page} pages`)
    }
    const conditions = [where, edge ? '(l.created_at, l.id) < (?, ?)' : ''].filter(Boolean)
    listCases.push([
      `listUsageLogs ${page === 1 ? 'first page' : `page ${page}`} (50), ${label}`,
      () => listUsageLogs(db, { filters, cursor, now: NOW }),
      `plain SELECT l.* … ORDER BY created_at DESC LIMIT 50, same filter${edge ? ' and keyset bound' : ''}`,
      listFloor(
        conditions.length ? `where ${conditions.join(' and ')}` : '',
        edge ? [...args, edge.createdAt.toISOString(), edge.id] : args,
      ),
    ])
  }
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
      `budget states past their threshold (the dashboard's; of ${(ORGS + tenants.userIds.length).toLocaleString('en-US')} budgets)`,
      () => getBudgetStates(db, { now: NOW, states: ['warning', 'exceeded'] }),
      'month spend per organization and per user from the logs',
      raw(
        `select organization_id, user_id, coalesce(sum(cost), 0) from ai_usage_logs
         where created_at >= ? and created_at < ? group by grouping sets ((organization_id), (organization_id, user_id))`,
        month,
      ),
    ],
    [
      `budget states, every budget (${(ORGS + tenants.userIds.length).toLocaleString('en-US')} budgets)`,
      () => getBudgetStates(db, { now: NOW }),
      'month spend per organization and per user from the logs',
      raw(
        `select organization_id, user_id, coalesce(sum(cost), 0) from ai_usage_logs
         where created_at >= ? and created_at < ? group by grouping sets ((organization_id), (organization_id, user_id))`,
        month,
      ),
    ],
    ...listCases,
  ]

  console.log('')
  console.log(
    `Dashboard queries (now = ${NOW.toISOString()}, all organizations unless said), p95 of ${RUNS} runs each, query and floor interleaved; target ≤ ${TARGET_MS} ms`,
  )
  console.log('')
  console.log('| query | p95 ms | median ms | floor (raw logs) | floor p95 ms | floor ÷ query | ≤ 100 ms |')
  console.log('| --- | ---: | ---: | --- | ---: | ---: | :---: |')
  const figures: Array<{ query: string; p95Ms: number; medianMs: number; floorP95Ms: number; met: boolean }> =
    []
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
    const round = (ms: number) => Math.round(ms * 10) / 10
    figures.push({
      query: name,
      p95Ms: round(qp95),
      medianMs: round(percentile(q, 0.5)),
      floorP95Ms: round(fp95),
      met: qp95 <= TARGET_MS,
    })
    console.log(
      `| ${name} | ${qp95.toFixed(1)} | ${percentile(q, 0.5).toFixed(1)} | ${floorName} | ${fp95.toFixed(1)} | ${(fp95 / qp95).toFixed(1)}× | ${qp95 <= TARGET_MS ? 'yes' : 'no'} |`,
    )
  }
  const met = figures.filter((f) => f.met).length
  console.log('')
  console.log(`${met} of ${figures.length} queries at p95 ≤ ${TARGET_MS} ms`)
  if (values.json)
    console.log(
      JSON.stringify({
        bench: 'dashboard',
        shape: SHAPE,
        rows: ROWS,
        runs: RUNS,
        organizations: ORGS,
        users: tenants.userIds.length,
        now: NOW.toISOString(),
        loadSeconds: { insert: round1(load.insertMs / 1000), indexes: round1(load.indexMs / 1000) },
        rollupSeconds: { daily: round1(dailyMs / 1000), days, monthly: round1(monthlyMs / 1000), months },
        rollupRows,
        targetMs: TARGET_MS,
        met,
        queries: figures,
      }),
    )
} finally {
  if (orgIds.length && !testDatabase) {
    log('cleaning up…')
    await db('organizations').whereIn('id', orgIds).delete()
    await db('users').where('email', 'like', `${prefix}-%`).delete()
  }
  await db.destroy()
  await testDatabase?.drop()
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
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
