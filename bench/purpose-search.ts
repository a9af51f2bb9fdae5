// The log list's purpose search with and without the trigram index of migration 0017, in one run
// on the same rows: listUsageLogs as it runs (index present), and the same call inside a
// transaction that has dropped the index (rolled back after each call, so the two alternate run by
// run under the same load). Also times building the index on the loaded logs.
// Run from the repo root (a throwaway embedded PostgreSQL):
//   node --import tsx bench/purpose-search.ts [rows, default 1,000,000] [runs, default 10]
import { createDb, listUsageLogs, type UsageLogFilters } from '@tokenledger/db'
import { createTestDatabase } from '@tokenledger/db/testing'
import { createTenants, loadLogs } from './support/dashboard-data'

const ROWS = Number(process.argv[2] ?? 1_000_000)
const RUNS = Number(process.argv[3] ?? 10)
if (!Number.isSafeInteger(ROWS) || ROWS < 1 || !Number.isSafeInteger(RUNS) || RUNS < 1)
  throw new Error('usage: purpose-search.ts [rows ≥ 1] [runs ≥ 1]')
const INDEX = 'ai_usage_logs_purpose_detail_trgm'

const t = await createTestDatabase()
const db = createDb(t.url)
try {
  const NOW = new Date(Date.now() - 3_600_000)
  const tenants = await createTenants(db, 50, 2000, 'ps', NOW)
  await loadLogs(db, tenants, ROWS, new Date(NOW.getTime() - 365 * 86_400_000), NOW, true, console.error)
  const { rows: def } = await db.raw('select pg_get_indexdef(to_regclass(?)) as def', [INDEX])
  if (!def[0]?.def) throw new Error(`${INDEX} is missing: run the migrations (0017) first`)
  await db.raw(`drop index ${INDEX}`)
  let started = performance.now()
  // A partitioned table's index reads `ON ONLY`; recreated without it, it covers every partition.
  await db.raw(def[0].def.replace(' ON ONLY ', ' ON '))
  console.log(
    `building ${INDEX} on ${ROWS.toLocaleString('en')} logs: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  await db.raw('vacuum analyze ai_usage_logs')

  const org = tenants.orgIds[7] as number
  // About 1 log in 20 carries "digest" (support/dashboard-data.ts PURPOSES), none "warranty".
  const cases: Array<[string, UsageLogFilters]> = [
    ['purpose contains "digest"', { purpose: 'digest' }],
    ['organization + purpose contains "digest"', { organizationId: org, purpose: 'digest' }],
    ['purpose contains "warranty" (no match)', { purpose: 'warranty' }],
    ['organization + purpose contains "warranty" (no match)', { organizationId: org, purpose: 'warranty' }],
  ]
  const pct = (xs: number[], p: number) =>
    ([...xs].sort((x, y) => x - y)[Math.ceil((p / 100) * xs.length) - 1] as number).toFixed(1)
  console.log(
    '| list query (50, newest first) | without index p50 / p95 ms | with index p50 / p95 ms | p50 ratio |',
  )
  console.log('| --- | ---: | ---: | ---: |')
  for (const [label, filters] of cases) {
    const without: number[] = []
    const within: number[] = []
    for (let r = 0; r < RUNS; r++) {
      started = performance.now()
      const a = await listUsageLogs(db, { filters, now: NOW })
      within.push(performance.now() - started)
      const trx = await db.transaction()
      try {
        await trx.raw(`drop index ${INDEX}`)
        started = performance.now()
        const b = await listUsageLogs(trx, { filters, now: NOW })
        without.push(performance.now() - started)
        if (a.rows.length !== b.rows.length || a.rows[0]?.id !== b.rows[0]?.id)
          throw new Error(`${label}: the two answers differ`)
      } finally {
        await trx.rollback()
      }
    }
    const ratio = Number(pct(without, 50)) / Number(pct(within, 50))
    console.log(
      `| ${label} | ${pct(without, 50)} / ${pct(without, 95)} | ${pct(within, 50)} / ${pct(within, 95)} | ${ratio.toFixed(1)}× |`,
    )
  }
} finally {
  await db.destroy()
  await t.drop()
}
