import { createDb, type Db, findRepriceRun, type RepriceRun, requestReprice } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { utcDay } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPRICE_TASK_NAME } from './reprice-task'
import { startWorker, TASKS, type TokenledgerWorker } from './worker'

const url = () => process.env.DATABASE_URL as string
let db: Db
let tenant: Tenant
let worker: TokenledgerWorker
const lines: string[] = []
const model = `worker-reprice-${Date.now()}`
const today = utcDay(new Date())

beforeAll(async () => {
  db = createDb(url())
  tenant = await createTenant(db, 'Worker reprice')
  worker = await startWorker({
    connectionString: url(),
    db,
    log: (line) => lines.push(line),
    pollInterval: 200,
    repricePollInterval: 200,
    cron: false,
    catchUpDays: 0,
    prices: { url: null },
  })
})
afterAll(async () => {
  await worker?.stop()
  await db('reprice_runs').where({ model }).delete()
  await db('model_prices').where({ model }).delete()
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

async function until(id: number, status: RepriceRun['status']): Promise<RepriceRun> {
  for (let i = 0; i < 150; i++) {
    const run = await findRepriceRun(db, id)
    if (run?.status === status) return run
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`run ${id} did not become ${status}: ${JSON.stringify(await findRepriceRun(db, id))}`)
}

describe(REPRICE_TASK_NAME, () => {
  it('is one of the tasks the worker serves', () => {
    expect(TASKS).toContain(REPRICE_TASK_NAME)
  })

  it('picks up a reprice the admin queued and carries it out, logs and rollups together', async () => {
    await db('ai_usage_logs').insert({
      organization_id: tenant.organizationId,
      provider: 'acme',
      model,
      prompt_tokens: 2_000_000,
      completion_tokens: 0,
      created_at: `${today}T00:00:01Z`,
    })
    await db('model_prices').insert({
      provider: 'acme',
      model,
      input_mtok: '1.5',
      output_mtok: '3',
      effective_from: `${today}T00:00:00Z`,
    })
    const request = await requestReprice(db, { model, from: today, to: today })
    if (!request.ok) throw new Error('expected a queued run')
    const run = await until(request.run.id, 'finished')
    expect(run).toMatchObject({ total: 1, done: 1, changed: 1, newlyPriced: 1, attempts: 1 })
    const log = await db('ai_usage_logs').where({ model }).first(db.raw('cost::text as cost'))
    expect(log.cost).toBe('3.000000000000')
    const daily = await db('ai_usage_daily')
      .where({ organization_id: tenant.organizationId, model })
      .first(db.raw('total_cost::text as cost'))
    expect(Number(daily.cost)).toBe(3)
    expect(lines.some((l) => l.includes(`${REPRICE_TASK_NAME} #${run.id}`) && l.includes('1 changed'))).toBe(
      true,
    )
  })
})
