// The log list on partitioned logs (migration 0013) against an unpartitioned copy of the same rows,
// in one run: listUsageLogs end to end, the SQL that answered (the last one it ran), and that SQL
// on `ai_usage_logs_flat` (CREATE TABLE AS + the same indexes), interleaved, RUNS runs each.
// Run from the repo root (a throwaway embedded PostgreSQL):
//   node --import tsx bench/partition-log-list.ts [rows, default 1,000,000]
// OLD=1 generates the year before 2002-06-15 instead of the year before now (the dashboard
// benchmark's dates: the newest-first windows then find nothing and fall back to all months).
// EXPLAIN=1 also prints each query's planning and execution time (EXPLAIN ANALYZE).
import { createDb, listUsageLogs, type UsageLogFilters } from '@tokenledger/db'
import { createTestDatabase } from '@tokenledger/db/testing'
import { createTenants, loadLogs } from './support/dashboard-data'

const ROWS = Number(process.argv[2] ?? 1_000_000)
const RUNS = 40
const t = await createTestDatabase()
const db = createDb(t.url)
try {
  const NOW = new Date(process.env.OLD ? '2002-06-15T12:00:00.000Z' : Date.now() - 3_600_000)
  const tenants = await createTenants(db, 50, 2000, 'ab', NOW)
  await loadLogs(db, tenants, ROWS, new Date(NOW.getTime() - 365 * 86_400_000), NOW, true, console.error)
  const { rows: parts } = await db.raw(
    `select count(*)::int as n, (select count(*)::int from ai_usage_logs_default) as d from pg_inherits where inhparent = 'ai_usage_logs'::regclass`,
  )
  console.log(`partitions: ${parts[0].n}, rows in DEFAULT: ${parts[0].d}`)
  await db.raw('create table ai_usage_logs_flat as select * from ai_usage_logs')
  const { rows: idx } = await db.raw(
    `select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'ai_usage_logs'::regclass`,
  )
  for (const { def } of idx)
    await db.raw(
      def
        .replace(' ON ONLY ', ' ON ')
        .replace('public.ai_usage_logs ', 'public.ai_usage_logs_flat ')
        .replace(/INDEX (\S+)/, 'INDEX $1_flat'),
    )
  await db.raw('vacuum analyze ai_usage_logs_flat')
  const org = tenants.orgIds[7] as number
  const ym = (back: number) =>
    new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - back, 1)).toISOString().slice(0, 7)
  const cases: Array<[string, UsageLogFilters, number]> = [
    ['no filter', {}, 1],
    ['organization', { organizationId: org }, 1],
    ['organization, page 200', { organizationId: org }, 200],
    ['organization + category', { organizationId: org, category: 'summarization' }, 1],
    ['one month', { from: `${ym(5)}-01`, to: `${ym(5)}-28` }, 1],
    [
      'organization, one month a year back',
      { organizationId: org, from: `${ym(11)}-01`, to: `${ym(11)}-28` },
      1,
    ],
    // About 1 log in 20 carries "digest" (support/dashboard-data.ts PURPOSES).
    ['purpose contains "digest"', { purpose: 'digest' }, 1],
    ['organization + purpose contains "digest"', { organizationId: org, purpose: 'digest' }, 1],
  ]
  console.log(
    '| list query | listUsageLogs (partitioned) p50 / p95 ms | its final SQL, partitioned | the same SQL, unpartitioned copy |',
  )
  console.log('| --- | ---: | ---: | ---: |')
  for (const [label, filters, page] of cases) {
    let cursor: string | null = null
    for (let i = 1; i < page; i++) cursor = (await listUsageLogs(db, { filters, cursor })).nextCursor
    const captured: Array<{ sql: string; bindings: unknown[] }> = []
    const listen = (q: { sql: string; bindings: unknown[] }) => captured.push(q)
    db.on('query', listen)
    await listUsageLogs(db, { filters, cursor })
    db.off('query', listen)
    const q = [...captured].reverse().find((c) => c.sql.includes('"ai_usage_logs"')) as {
      sql: string
      bindings: unknown[]
    }
    const queriesRun = captured.filter((c) => c.sql.includes('"ai_usage_logs"')).length
    const sql = q.sql.replace(/\$\d+/g, '?')
    const flat = sql.replace('from "ai_usage_logs" as "l"', 'from "ai_usage_logs_flat" as "l"')
    if (process.env.EXPLAIN)
      for (const text of [sql, flat]) {
        const { rows } = await db.raw(
          `explain (analyze, buffers, timing off, summary on) ${text}`,
          q.bindings as never,
        )
        const lines = rows.map((r: Record<string, string>) => r['QUERY PLAN'])
        console.log(
          label,
          text === sql ? 'partitioned' : 'flat',
          lines
            .filter(
              (l: string) =>
                /Planning|Execution|Buffers: shared hit=\d+ read/.test(l) || /Merge Append|Append/.test(l),
            )
            .slice(0, 6)
            .join(' | '),
        )
      }
    const a: number[] = []
    const b: number[] = []
    const c: number[] = []
    for (let r = 0; r < RUNS; r++) {
      let s = performance.now()
      await listUsageLogs(db, { filters, cursor })
      a.push(performance.now() - s)
      s = performance.now()
      await db.raw(sql, q.bindings as never)
      c.push(performance.now() - s)
      s = performance.now()
      await db.raw(flat, q.bindings as never)
      b.push(performance.now() - s)
    }
    const pct = (xs: number[], p: number) =>
      [...xs].sort((x, y) => x - y)[Math.ceil((p / 100) * xs.length) - 1]?.toFixed(1)
    console.log(
      `| ${label} (${queriesRun} quer${queriesRun === 1 ? 'y' : 'ies'}) | ${pct(a, 50)} / ${pct(a, 95)} | ${pct(c, 50)} / ${pct(c, 95)} | ${pct(b, 50)} / ${pct(b, 95)} |`,
    )
  }
} finally {
  await db.destroy()
  await t.drop()
}
