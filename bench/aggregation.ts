// The daily rollup against its floor: aggregateDaily (INSERT … SELECT … GROUP BY … ON CONFLICT, plus
// the stale-key DELETE) versus a bare SELECT … GROUP BY of the same rows, on N generated logs of one day.
// Run from the repo root: node --import tsx bench/aggregation.ts [--rows N]
// Uses DATABASE_URL when set (it creates, then deletes, its own organizations and users), otherwise a
// throwaway embedded PostgreSQL.
import { parseArgs } from 'node:util'
import { aggregateDaily, aggregateMonthly, createDb, type Db } from '@tokenledger/db'
import { createTestDatabase, type TestDatabase } from '@tokenledger/db/testing'
import { CATEGORIES, utcDayBounds } from '@tokenledger/domain'
import { MODELS } from './support/dashboard-data'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } })
const ROWS = Number(values.rows)
if (!Number.isInteger(ROWS) || ROWS < 1)
  throw new Error(`--rows must be a positive whole number, got ${values.rows}`)

const DAY = '2001-06-15' // far from any real data
const ORGS = 20
const USERS_PER_ORG = 10

const log = (line: string) => console.error(line)

const testDatabase: TestDatabase | null = process.env.DATABASE_URL ? null : await createTestDatabase()
const url = process.env.DATABASE_URL ?? (testDatabase as TestDatabase).url
const db = createDb(url)
let orgIds: number[] = []
try {
  log(`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'throwaway embedded PostgreSQL'}`)
  orgIds = await createTenants(db)
  const loadMs = await load(db, orgIds)
  log(`loaded ${ROWS.toLocaleString('en-US')} logs in ${(loadMs / 1000).toFixed(1)} s`)

  const { start, end } = utcDayBounds(DAY)
  // Counted whole-row, so every aggregate is computed but nothing is shipped to Node.
  const groupSql = `
    select organization_id, user_id, category, provider, model,
           count(*)::integer, count(*) filter (where success)::integer, count(*) filter (where not success)::integer,
           sum(prompt_tokens)::bigint, sum(completion_tokens)::bigint, sum(total_tokens)::bigint,
           coalesce(sum(cost), 0), coalesce(sum(duration_ms), 0)::bigint
    from ai_usage_logs where created_at >= ?::timestamptz and created_at < ?::timestamptz
    group by organization_id, user_id, category, provider, model`
  const floorSql = `select count(agg.*)::int as groups from (${groupSql}) agg`
  // A statement that writes (aggregateDaily's INSERT … ON CONFLICT) never gets a parallel plan; the
  // fair floor is the same SELECT without parallel workers. The parallel one is shown too.
  const floorOf = (parallel: boolean) => async () =>
    db.transaction(async (trx) => {
      if (!parallel) await trx.raw('set local max_parallel_workers_per_gather = 0')
      return (await trx.raw(floorSql, floorArgs)).rows[0].groups as number
    })
  const floorArgs = [start.toISOString(), end.toISOString()]
  const plan: Array<Record<string, string>> = await db.transaction(async (trx) => {
    await trx.raw('set local max_parallel_workers_per_gather = 0')
    return (await trx.raw(`explain ${groupSql}`, floorArgs)).rows
  })
  const scan = plan.map((r) => r['QUERY PLAN'] ?? '').find((l) => /Scan/.test(l))

  await floorOf(false)() // warm the cache
  const floor = await timed(3, floorOf(false))
  const parallelFloor = await timed(3, floorOf(true))
  const first = await timed(3, aggregateDailyFromScratch, async () => {
    await db('ai_usage_daily').where({ date: DAY }).delete()
    await db.raw('vacuum ai_usage_daily')
  })
  const rerun = await timed(3, async () => (await aggregateDaily(db, DAY)).upserted)
  // Every figure changes: a cost on each unpriced log.
  await db.raw(
    `update ai_usage_logs set cost = 0.000001 where cost is null and created_at >= ?::timestamptz and created_at < ?::timestamptz`,
    floorArgs,
  )
  await db.raw('vacuum analyze ai_usage_logs')
  const floorAfter = await timed(3, floorOf(false))
  const changed = await timed(1, async () => (await aggregateDaily(db, DAY)).upserted)
  const monthly = await timed(3, async () => (await aggregateMonthly(db, 2001, 6)).groups)

  const rows: Array<[string, Timing, Timing]> = [
    ['floor: SELECT … GROUP BY (same rows, same grouping, no write)', floor, floor],
    ['(the same SELECT with parallel workers, as the planner likes)', parallelFloor, floor],
    ['aggregateDaily, first run (every key new)', first, floor],
    ['aggregateDaily, re-run (nothing changed)', rerun, floor],
    ['floor again, after pricing the unpriced logs (+ vacuum)', floorAfter, floorAfter],
    ['aggregateDaily, re-run (the keys of those logs changed)', changed, floorAfter],
    ['aggregateMonthly, that month (from the daily rows)', monthly, floor],
  ]
  console.log('')
  console.log(
    `aggregation of ${ROWS.toLocaleString('en-US')} logs on ${DAY} (UTC) into ${floor.rows.toLocaleString('en-US')} daily keys`,
  )
  console.log(`floor scan: ${scan?.replace(/^[\s>-]+/, '').replace(/\s+\(cost.*$/, '') ?? '?'}`)
  console.log('')
  console.log('| step | ms | keys written / grouped | × floor |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [name, t, base] of rows)
    console.log(
      `| ${name} | ${t.ms.toFixed(0)}${t.runs > 1 ? ` (median of ${t.runs})` : ''} | ${t.rows.toLocaleString('en-US')} | ${(t.ms / base.ms).toFixed(2)} |`,
    )
} finally {
  if (orgIds.length && !testDatabase) {
    log('cleaning up…')
    await db('organizations').whereIn('id', orgIds).delete()
    await db('users').where('email', 'like', 'bench-aggregation-%').delete()
  }
  await db.destroy()
  await testDatabase?.drop()
}

interface Timing {
  ms: number
  rows: number
  runs: number
}

async function aggregateDailyFromScratch(): Promise<number> {
  return (await aggregateDaily(db, DAY)).upserted
}

/** Median of `runs` timings of `fn`; `before` (untimed) runs ahead of each. */
async function timed(runs: number, fn: () => Promise<number>, before?: () => Promise<void>): Promise<Timing> {
  const times: number[] = []
  let rows = 0
  for (let i = 0; i < runs; i++) {
    await before?.()
    const startedAt = performance.now()
    rows = await fn()
    times.push(performance.now() - startedAt)
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)] as number, rows, runs }
}

async function createTenants(db: Db): Promise<number[]> {
  const stamp = Date.now().toString(36)
  const orgs = await db('organizations')
    .insert(
      Array.from({ length: ORGS }, (_, i) => ({
        name: `Bench ${i}`,
        slug: `bench-aggregation-${stamp}-${i}`,
      })),
    )
    .returning('id')
  return orgs.map((o: { id: number }) => o.id)
}

/** N logs spread over the day: 20 organizations × (10 users + no user) × 9 categories × 10 models. */
async function load(db: Db, orgs: number[]): Promise<number> {
  const stamp = Date.now().toString(36)
  const users: number[] = []
  for (const [i] of orgs.entries()) {
    const created = await db('users')
      .insert(
        Array.from({ length: USERS_PER_ORG }, (_, j) => ({
          email: `bench-aggregation-${stamp}-${i}-${j}@example.test`,
          name: `Bench user ${i}.${j}`,
        })),
      )
      .returning('id')
    users.push(...created.map((u: { id: number }) => u.id))
  }
  const startedAt = performance.now()
  await db.transaction(async (trx) => {
    await trx.raw('select setseed(0.42)')
    await trx.raw(
      `insert into ai_usage_logs (organization_id, user_id, category, provider, model, prompt_tokens,
         completion_tokens, total_tokens, cost, duration_ms, success, created_at)
       select p.orgs[1 + x.oi],
              case when x.r < 0.2 then null else p.users[1 + x.oi * ${USERS_PER_ORG} + x.ui] end,
              p.cats[1 + x.ci], p.providers[1 + x.mi], p.models[1 + x.mi],
              x.pt, x.ct, x.pt + x.ct,
              case when x.mi = ${MODELS.length - 1} then null else round(x.pt * 0.0000025 + x.ct * 0.00001, 6) end,
              x.dur, x.r > 0.03, ?::timestamptz + x.ms * interval '1 millisecond'
       from (select ?::bigint[] as orgs, ?::bigint[] as users, ?::text[] as cats,
                    ?::text[] as providers, ?::text[] as models) p,
            (select floor(random() * ${ORGS})::int as oi, floor(random() * ${USERS_PER_ORG})::int as ui,
                    floor(random() * ${CATEGORIES.length})::int as ci, floor(random() * ${MODELS.length})::int as mi,
                    floor(random() * 4000)::int as pt, floor(random() * 800)::int as ct,
                    floor(random() * 5000)::int + 50 as dur, random() as r,
                    floor(random() * 86400000)::bigint as ms
             from generate_series(1, ?) g) x`,
      [
        utcDayBounds(DAY).start.toISOString(),
        orgs,
        users,
        [...CATEGORIES],
        MODELS.map(([p]) => p),
        MODELS.map(([, m]) => m),
        ROWS,
      ],
    )
  })
  await db.raw('analyze ai_usage_logs')
  return performance.now() - startedAt
}
