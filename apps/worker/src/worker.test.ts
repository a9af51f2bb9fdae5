import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { quickAddJob } from 'graphile-worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type TokenledgerWorker } from './worker'

const url = () => process.env.DATABASE_URL as string
let db: Db
let tenant: Tenant
let worker: TokenledgerWorker
const lines: string[] = []

beforeAll(async () => {
  db = createDb(url())
  tenant = await createTenant(db, 'Worker')
  worker = await startWorker({
    connectionString: url(),
    db,
    log: (line) => lines.push(line),
    pollInterval: 200,
  })
})
afterAll(async () => {
  await worker?.stop()
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

/** Enqueues a job the way another process would, and waits for this worker to finish it. */
async function runJob(task: string, payload: object): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    const onComplete = ({ job, error }: { job: { task_identifier: string }; error: unknown }) => {
      if (job.task_identifier !== task) return
      worker.runner.events.off('job:complete', onComplete)
      if (error) reject(error)
      else resolve()
    }
    worker.runner.events.on('job:complete', onComplete)
  })
  await quickAddJob({ connectionString: url() }, task, payload)
  await done
}

describe('worker', () => {
  it('runs ai:aggregate-daily for the payload date and writes the daily and monthly rows', async () => {
    const base = {
      organization_id: tenant.organizationId,
      provider: 'openai',
      model: 'gpt-4o',
      category: 'general',
    }
    await db('ai_usage_logs').insert([
      {
        ...base,
        user_id: tenant.userId,
        prompt_tokens: 10,
        total_tokens: 10,
        cost: '0.100000',
        created_at: '2025-12-31T23:59:59.999Z',
      },
      {
        ...base,
        user_id: tenant.userId,
        prompt_tokens: 5,
        total_tokens: 5,
        cost: null,
        created_at: '2025-12-31T00:00:00.000Z',
      },
      {
        ...base,
        user_id: null,
        prompt_tokens: 1,
        total_tokens: 1,
        cost: '0.000001',
        success: false,
        created_at: '2025-12-31T12:00:00Z',
      },
      {
        ...base,
        user_id: null,
        prompt_tokens: 1,
        total_tokens: 1,
        cost: '9.000000',
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ])

    await runJob('ai:aggregate-daily', { date: '2025-12-31' })

    const daily = await db('ai_usage_daily')
      .where({ organization_id: tenant.organizationId })
      .orderBy('user_id')
      .select(
        'date',
        'user_id',
        'request_count',
        'success_count',
        'failure_count',
        'total_tokens',
        'total_cost',
      )
    expect(daily).toEqual([
      {
        date: '2025-12-31',
        user_id: tenant.userId,
        request_count: 2,
        success_count: 2,
        failure_count: 0,
        total_tokens: 15,
        total_cost: '0.100000000000',
      },
      {
        date: '2025-12-31',
        user_id: null,
        request_count: 1,
        success_count: 0,
        failure_count: 1,
        total_tokens: 1,
        total_cost: '0.000001000000',
      },
    ])
    const monthly = await db('ai_usage_monthly')
      .where({ organization_id: tenant.organizationId })
      .select('year', 'month', 'request_count', 'total_cost')
      .orderBy('request_count')
    expect(monthly).toEqual([
      { year: 2025, month: 12, request_count: 1, total_cost: '0.000001000000' },
      { year: 2025, month: 12, request_count: 2, total_cost: '0.100000000000' },
    ])
    expect(lines.some((l) => /ai:aggregate-daily 2025-12-31: 2 rows .* in \d+ ms/.test(l))).toBe(true)

    // Running it again (as a second worker or a retry would) changes nothing.
    await runJob('ai:aggregate-daily', { date: '2025-12-31' })
    expect(await db('ai_usage_daily').where({ organization_id: tenant.organizationId }).count()).toEqual([
      { count: 2 },
    ])
  })

  it('runs ai:aggregate-monthly and ai:reset-budgets from the queue', async () => {
    await runJob('ai:aggregate-monthly', { month: '2025-12' })
    expect(lines.some((l) => /ai:aggregate-monthly 2025-12: \d+ rows/.test(l))).toBe(true)
    await runJob('ai:reset-budgets', {})
    expect(lines.some((l) => /ai:reset-budgets: \d+ budget counters reset/.test(l))).toBe(true)
  })

  it('drops a job whose payload can never work, saying why', async () => {
    await runJob('ai:aggregate-daily', { date: '2026-02-30' })
    expect(lines.some((l) => /payload.date is not a YYYY-MM-DD day: "2026-02-30"/.test(l))).toBe(true)
  })

  it('on start, queues days that have logs but no rollup (seeded history); either worker runs each once', async () => {
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)
    await db('ai_usage_logs').insert({
      organization_id: tenant.organizationId,
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      cost: '0.500000',
      created_at: `${day}T12:00:00Z`,
    })
    const second = await startWorker({
      connectionString: url(),
      db,
      log: (line) => lines.push(line),
      cron: false,
      pollInterval: 200,
    })
    try {
      expect(lines.some((l) => l.includes('catch-up: queued') && l.includes(day))).toBe(true)
      const deadline = Date.now() + 20_000
      let rows: unknown[] = []
      while (Date.now() < deadline) {
        rows = await db('ai_usage_daily').where({ organization_id: tenant.organizationId, date: day })
        const { rows: pending } = await db.raw(
          "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'ai:aggregate-daily'",
        )
        if (rows.length && pending[0].n === 0) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ request_count: 1, total_cost: '0.500000000000' })
      expect(lines.filter((l) => l.includes(`ai:aggregate-daily ${day}:`))).toHaveLength(1)
    } finally {
      await second.stop()
    }
  })

  it('ai:refresh-today rolls up today, and its midnight run closes yesterday', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 1).toISOString().slice(0, 10)
    const base = { organization_id: tenant.organizationId, provider: 'google', model: 'gemini-2.5-pro' }
    await db('ai_usage_logs').insert([
      { ...base, cost: '0.250000', created_at: `${yesterday}T23:59:59.999Z` },
      { ...base, cost: '0.125000', created_at: new Date().toISOString() },
    ])
    const rows = () =>
      db('ai_usage_daily')
        .where({ organization_id: tenant.organizationId, provider: 'google' })
        .orderBy('date')
        .select('date', 'total_cost')

    await runJob('ai:refresh-today', { _cron: { ts: `${today}T00:05:00.000Z` } })
    expect(await rows()).toEqual([{ date: today, total_cost: '0.125000000000' }])

    await runJob('ai:refresh-today', { _cron: { ts: `${today}T00:00:00.000Z` } })
    expect(await rows()).toEqual([
      { date: yesterday, total_cost: '0.250000000000' },
      { date: today, total_cost: '0.125000000000' },
    ])
    expect(lines.some((l) => l.startsWith(`worker: ai:refresh-today: closed ${yesterday}: `))).toBe(true)
  })

  it('registers the crontab with graphile-worker', async () => {
    const { rows } = await db.raw('select identifier from graphile_worker._private_known_crontabs order by 1')
    expect(rows.map((r: { identifier: string }) => r.identifier)).toEqual([
      'ai:aggregate-daily',
      'ai:aggregate-monthly',
      'ai:create-partitions',
      'ai:refresh-today',
      'ai:reset-budgets',
      'budget:detect-anomalies',
      'budget:dispatch-alerts',
      'budget:expire-reservations',
    ])
  })
})
