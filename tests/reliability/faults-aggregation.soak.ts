import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { aggregateDaily, createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, sleep } from './helpers'

// The daily aggregation killed mid-run (the `tokenledger ai:aggregate-daily` process SIGKILLed while
// its statement runs, or its backend terminated): nothing half-written, and a re-run converges.
const DAY = '2025-03-15'
const BIN = fileURLToPath(new URL('../../apps/cli/bin/tokenledger.mjs', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ROLLUP_SQL = '%insert into ai_usage_daily%'

let db: Db
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Aggregation')
})
afterAll(async () => {
  await db.destroy()
})

/** `count` logs on DAY for the tenant; costs in micro-dollars (i % 9973), every seventh unpriced. */
async function insertLogs(from: number, count: number) {
  await db.raw(
    `insert into ai_usage_logs (organization_id, user_id, provider, model, prompt_tokens, completion_tokens,
       total_tokens, cost, category, created_at)
     select ?, case when i % 3 = 0 then null else ?::bigint end, 'openai',
            (array['gpt-4o', 'gpt-4o-mini', 'o3'])[1 + i % 3], i % 1000, i % 100, i % 1000 + i % 100,
            case when i % 7 = 0 then null else (i % 9973) / 1000000.0 end,
            (array['general', 'summarization', 'classification'])[1 + i % 3],
            ?::timestamptz + (i % 86400000) * interval '1 millisecond'
     from generate_series(?::int, ?::int) i`,
    [tenant.organizationId, tenant.userId, `${DAY}T00:00:00Z`, from, from + count - 1],
  )
}

const logTotals = () =>
  db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .first(
      db.raw('count(*)::int as requests'),
      db.raw('coalesce(sum(cost), 0)::numeric(30,12)::text as cost'),
    )
const dailyTotals = () =>
  db('ai_usage_daily')
    .where({ organization_id: tenant.organizationId, date: DAY })
    .first(
      db.raw('coalesce(sum(request_count), 0)::int as requests'),
      db.raw('coalesce(sum(total_cost), 0)::numeric(30,12)::text as cost'),
    )

const rollupBackends = async (): Promise<number[]> => {
  const { rows } = await db.raw(
    'select pid from pg_stat_activity where query ilike ? and pid <> pg_backend_pid() and state = ?',
    [ROLLUP_SQL, 'active'],
  )
  return rows.map((r: { pid: number }) => r.pid)
}

function startCli() {
  const child = spawn(process.execPath, [BIN, 'ai:aggregate-daily', `--date=${DAY}`], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    stdio: 'ignore',
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, exited }
}

describe('aggregation killed mid-run', () => {
  it('keeps the last committed rollup and converges on re-run (SIGKILL, then pg_terminate_backend)', async () => {
    await insertLogs(1, 200_000)
    await aggregateDaily(db, DAY)
    const committed = await dailyTotals()
    expect(committed).toEqual(await logTotals())

    // More logs arrive; the re-aggregation is killed while its statement runs.
    await insertLogs(200_001, 600_000)
    const all = await logTotals()

    const run = startCli()
    expect(await eventually(async () => (await rollupBackends()).length > 0, 60_000, 10)).toBe(true)
    run.child.kill('SIGKILL')
    expect(await run.exited).toBeNull()
    // The orphaned backend rolls back once it notices its client is gone; nothing half-written.
    expect(await dailyTotals()).toEqual(committed)

    // Second fault: the backend itself is terminated mid-statement.
    await eventually(async () => (await rollupBackends()).length === 0, 60_000)
    const second = startCli()
    expect(await eventually(async () => (await rollupBackends()).length > 0, 60_000, 10)).toBe(true)
    for (const pid of await rollupBackends()) await db.raw('select pg_terminate_backend(?)', [pid])
    expect(await second.exited).not.toBe(0)
    expect(await dailyTotals()).toEqual(committed)

    // A re-run converges: daily sums equal the log sums.
    await sleep(50)
    await aggregateDaily(db, DAY)
    expect(await dailyTotals()).toEqual(all)
    expect(all.requests).toBe(800_000)
  })
})
