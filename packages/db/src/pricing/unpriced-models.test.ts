import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { countUnpricedCalls, listUnpricedModels } from './unpriced-models'

let db: Db
let tenant: Tenant
const model = `unpriced-${Date.now()}`
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Unpriced')
  const base = {
    organization_id: tenant.organizationId,
    provider: 'acme',
    prompt_tokens: 100,
    completion_tokens: 10,
  }
  await db('ai_usage_logs').insert([
    { ...base, model, created_at: '2026-01-02T00:00:00Z' },
    { ...base, model, created_at: '2026-01-05T00:00:00Z' },
    { ...base, model, created_at: '2026-01-03T00:00:00Z' },
    { ...base, model: `${model}-b`, created_at: '2026-01-04T00:00:00Z' },
    { ...base, model: `${model}-priced`, cost: '0.1', cost_source: 'custom' },
  ])
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

describe('listUnpricedModels', () => {
  it('lists models with calls stored without a cost, most calls first, with first/last seen and tokens', async () => {
    const mine = (await listUnpricedModels(db)).filter((m) => m.model.startsWith(model))
    expect(mine).toEqual([
      {
        provider: 'acme',
        model,
        calls: 3,
        firstSeen: new Date('2026-01-02T00:00:00Z'),
        lastSeen: new Date('2026-01-05T00:00:00Z'),
        promptTokens: 300,
        completionTokens: 30,
      },
      expect.objectContaining({ model: `${model}-b`, calls: 1 }),
    ])
  })

  it('reads through the partial index of unpriced rows', async () => {
    // One connection: the planner setting holds for the explain only (the test table is tiny).
    const { rows } = await db.transaction(async (trx): Promise<{ rows: Array<{ 'QUERY PLAN': string }> }> => {
      await trx.raw('set local enable_seqscan = off')
      return trx.raw(
        'explain select provider, model, count(*) from ai_usage_logs where cost is null group by provider, model',
      )
    })
    // The logs are partitioned (0013): each month's copy of the index is named after its partition.
    const { rows: copies } = await db.raw(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'ai_usage_logs_unpriced'::regclass`,
    )
    const plan = rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')
    const used = (copies as Array<{ name: string }>).filter(({ name }) => plan.includes(` ${name} `))
    expect(used.length).toBeGreaterThan(0)
  })
})

describe('countUnpricedCalls', () => {
  it('counts the unpriced calls in a range and the models they span, priced calls left out', async () => {
    const range = (from: string, to: string) => ({
      from: new Date(from),
      to: new Date(to),
      organizationId: tenant.organizationId,
    })
    expect(await countUnpricedCalls(db, range('2026-01-01', '2026-02-01'))).toEqual({ calls: 4, models: 2 })
    // [from, to): the 5th is out, the 3rd and 4th in.
    expect(await countUnpricedCalls(db, range('2026-01-03', '2026-01-05'))).toEqual({ calls: 2, models: 2 })
    expect(await countUnpricedCalls(db, range('2026-02-01', '2026-03-01'))).toEqual({ calls: 0, models: 0 })
    // Every organization: at least this one's.
    const all = await countUnpricedCalls(db, { from: new Date('2026-01-01'), to: new Date('2026-02-01') })
    expect(all.calls).toBeGreaterThanOrEqual(4)
  })
})
