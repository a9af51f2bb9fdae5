// Latency of budgets.check (API-key auth, membership check, the organization's and the user's budgets
// and their reservations, evaluation) against ping (a no-op public query) on the same api server —
// the real api in its own process, real PostgreSQL — with closed-loop clients at concurrency 1, 16
// and 64. Also budgets.check with `reserve: true` (a write: a transaction locking the budgets and
// inserting the reservation), reported against ping with no target. The plain check answers from
// the api's per-server cache of budget state (TOKENLEDGER_BUDGET_CACHE_TTL_MS, default 1 s; 0 turns
// it off) as in production; the reserving check runs on an organization of its own, since every
// hold it makes invalidates its organization's cached state (the first check after a write through
// this server reads the database, measured here only as part of the warm-up).
// Run from the repo root: node --import tsx bench/budget-check.ts [--quick] [--rounds N] [--requests N]
// Uses DATABASE_URL when set (it creates, then deletes, its own organization), otherwise a throwaway
// database dropped at the end.
import type http from 'node:http'
import { parseArgs } from 'node:util'
import { createDb } from '@tokenledger/db'
import { createTenant } from '@tokenledger/db/testing'
import { startApiProcess } from './support/api'
import { openBenchDatabase, removeTenant } from './support/database'
import { keepAliveAgent, request } from './support/http'
import { fmt, percentile, printTable } from './support/stats'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    requests: { type: 'string' },
  },
})
const ROUNDS = Number(values.rounds ?? (values.quick ? 2 : 4))
/** Requests per procedure, per concurrency level, per round (shared out among the clients). */
const REQUESTS = Number(values.requests ?? (values.quick ? 320 : 1_600))
const LEVELS = [1, 16, 64]
for (const [name, n] of [
  ['--rounds', ROUNDS],
  ['--requests', REQUESTS],
] as const)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`)

const log = (line: string) => console.error(line)

const database = await openBenchDatabase()
const db = createDb(database.url)
const organizationIds: number[] = []
let api: Awaited<ReturnType<typeof startApiProcess>> | undefined
try {
  log(`database: ${database.label}`)
  /** An organization with an organization budget and a user budget. */
  const budgeted = async (name: string) => {
    const tenant = await createTenant(db, name)
    organizationIds.push(tenant.organizationId)
    await db('ai_budgets').insert([
      {
        organization_id: tenant.organizationId,
        user_id: null,
        monthly_limit: '500.00',
        current_month_usage: '123.456789',
      },
      {
        organization_id: tenant.organizationId,
        user_id: tenant.userId,
        monthly_limit: '50.00',
        current_month_usage: '12.5',
      },
    ])
    return tenant
  }
  const tenant = await budgeted('Bench budget check')
  const reserving = await budgeted('Bench budget check, reserving')
  api = await startApiProcess(database.url)
  const ttlEnv = process.env.TOKENLEDGER_BUDGET_CACHE_TTL_MS
  const cacheTtl = ttlEnv ? `${ttlEnv} ms` : '1,000 ms (the default)'
  log(
    `api: ${api.url} (child process ${api.pid}, knex pool max 10, the default; budget cache TTL ${cacheTtl})`,
  )
  const apiUrl = api.url

  const input = encodeURIComponent(JSON.stringify({ userId: tenant.userId, estimatedCost: '0.02' }))
  // A tiny estimate and a 1 s TTL: the budgets never fill up over the run, and the reservations
  // alive at any time are about one second's worth, as when calls are logged soon after their check.
  const reserveInput = encodeURIComponent(
    JSON.stringify({
      userId: reserving.userId,
      estimatedCost: '0.000001',
      reserve: true,
      reservationTtlSeconds: 1,
    }),
  )
  const auth = { authorization: `Bearer ${tenant.apiKey}` }
  const targets = {
    ping: { url: `${apiUrl}/trpc/ping`, headers: {} },
    check: { url: `${apiUrl}/trpc/budgets.check?input=${input}`, headers: auth },
    reserve: {
      url: `${apiUrl}/trpc/budgets.check?input=${reserveInput}`,
      headers: { authorization: `Bearer ${reserving.apiKey}` },
    },
  }
  type Target = keyof typeof targets

  // What check answers: the two budgets, status ok.
  const probe = await request(keepAliveAgent(1), targets.check.url, { headers: targets.check.headers })
  const answer = JSON.parse(probe.body) as { result?: { data?: { status?: string; budgets?: unknown[] } } }
  if (
    probe.status !== 200 ||
    answer.result?.data?.status !== 'ok' ||
    answer.result.data.budgets?.length !== 2
  )
    throw new Error(`budgets.check answered HTTP ${probe.status}: ${probe.body.slice(0, 300)}`)
  const reserved = await request(keepAliveAgent(1), targets.reserve.url, { headers: targets.reserve.headers })
  if (
    !(JSON.parse(reserved.body) as { result?: { data?: { reservation?: unknown } } }).result?.data
      ?.reservation
  )
    throw new Error(`budgets.check with reserve held nothing: ${reserved.body.slice(0, 300)}`)

  /** `clients` closed-loop clients, each sending `each` requests one after another; every latency in ms. */
  const load = async (agent: http.Agent, target: Target, clients: number, each: number) => {
    const { url, headers } = targets[target]
    const latencies: number[] = []
    const started = performance.now()
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < each; i++) {
          const t0 = performance.now()
          const res = await request(agent, url, { headers })
          latencies.push(performance.now() - t0)
          if (res.status !== 200) throw new Error(`${target}: HTTP ${res.status}: ${res.body.slice(0, 200)}`)
        }
      }),
    )
    return { latencies, seconds: (performance.now() - started) / 1000 }
  }

  const results = new Map<string, { latencies: number[]; requests: number; seconds: number }>()
  for (const clients of LEVELS) {
    const agent = keepAliveAgent(clients)
    const each = Math.max(1, Math.round(REQUESTS / clients))
    // Warm-up: open the sockets, warm the JIT and the pool; not counted.
    await load(agent, 'ping', clients, 20)
    await load(agent, 'check', clients, 20)
    await load(agent, 'reserve', clients, 20)
    const rotations: Target[][] = [
      ['ping', 'check', 'reserve'],
      ['check', 'reserve', 'ping'],
      ['reserve', 'ping', 'check'],
    ]
    for (let round = 0; round < ROUNDS; round++) {
      const order = rotations[round % rotations.length] as Target[]
      for (const target of order) {
        const { latencies, seconds } = await load(agent, target, clients, each)
        const slot = results.get(`${target}:${clients}`) ?? { latencies: [], requests: 0, seconds: 0 }
        slot.latencies.push(...latencies)
        slot.requests += latencies.length
        slot.seconds += seconds
        results.set(`${target}:${clients}`, slot)
      }
    }
    agent.destroy()
    log(`concurrency ${clients}: done`)
  }

  console.log('')
  console.log(
    `budgets.check vs ping on one api process: closed-loop clients, ${ROUNDS} rounds rotating ping/check/reserve, ` +
      `~${fmt(REQUESTS)} requests per procedure per round; budget cache TTL ${cacheTtl}; node ${process.version}`,
  )
  console.log('')
  const rows: string[][] = []
  const verdicts: string[] = []
  for (const clients of LEVELS) {
    const ping = results.get(`ping:${clients}`)
    const check = results.get(`check:${clients}`)
    const reserve = results.get(`reserve:${clients}`)
    if (!ping || !check || !reserve) continue
    for (const [name, r] of [
      ['ping (no-op floor)', ping],
      ['budgets.check', check],
      ['budgets.check, reserve: true (a write; no target)', reserve],
    ] as const)
      rows.push([
        `${name}, concurrency ${clients}`,
        fmt(r.requests),
        fmt(r.requests / r.seconds),
        percentile(r.latencies, 50).toFixed(2),
        percentile(r.latencies, 99).toFixed(2),
        (percentile(r.latencies, 50) / percentile(ping.latencies, 50)).toFixed(2),
        (percentile(r.latencies, 99) / percentile(ping.latencies, 99)).toFixed(2),
      ])
    const ratio = percentile(check.latencies, 99) / percentile(ping.latencies, 99)
    verdicts.push(
      `concurrency ${clients}: check p99 = ${ratio.toFixed(2)} × ping p99 (target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'})`,
    )
  }
  printTable(['procedure', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'p50 × ping', 'p99 × ping'], rows)
  console.log('')
  for (const v of verdicts) console.log(v)
} finally {
  await api?.close()
  if (organizationIds.length && !database.throwaway) {
    log('cleaning up…')
    for (const id of organizationIds) await removeTenant(db, id)
  }
  await db.destroy()
  await database.drop()
}
