import type { UsageEvent } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addToBudgetCounters } from '../budgets/add-to-budget-counters'
import { createDb, type Db } from '../knex'
import { aggregateDaily } from '../rollups/aggregate-daily'
import { aggregateMonthly } from '../rollups/aggregate-monthly'
import { createTenant, type Tenant } from '../testing'
import { buildLogRow } from './build-log-row'

// Exact money end to end against real Postgres: a call's cost keeps every digit of the catalog's
// arithmetic, and rollups and counters sum it exactly.
let db: Db
let tenant: Tenant
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Exact')
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

const call = (event: Partial<UsageEvent>): UsageEvent => ({
  provider: 'openai',
  model: 'gpt-4o-mini',
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  success: true,
  category: 'classification',
  ...event,
})

async function storedCost(event: UsageEvent): Promise<string> {
  const row = buildLogRow({
    event,
    attribution: {
      organizationId: tenant.organizationId,
      apiKeyId: null,
      userId: null,
      projectId: null,
      documentId: null,
    },
    customPrices: [],
    now: new Date('2026-05-05T10:00:00Z'),
  })
  const [stored] = await db('ai_usage_logs').insert(row).returning(db.raw('cost::text as cost'))
  return stored.cost
}

describe('exact money', () => {
  it("stores the issue's examples to the last digit", async () => {
    expect(await storedCost(call({ promptTokens: 7, completionTokens: 1 }))).toBe('0.000001650000')
    expect(await storedCost(call({ model: 'text-embedding-3-small', promptTokens: 20 }))).toBe(
      '0.000000400000',
    )
    expect(
      await storedCost(
        call({
          provider: 'anthropic',
          model: 'claude-sonnet-4-20250514',
          promptTokens: 35_476,
          cachedTokens: 34_475,
          cacheWriteTokens: 1_001,
          completionTokens: 500,
        }),
      ),
    ).toBe('0.021596250000')
  })

  it('sums a million sub-micro-dollar calls exactly into the daily and monthly rollups', async () => {
    const day = '2026-04-14'
    const n = 1_000_000
    // cost of call i: $0.0000004 + i × $0.000000000001 — every one below a micro-dollar's rounding
    await db.raw(
      `insert into ai_usage_logs (organization_id, provider, model, category, prompt_tokens, total_tokens, cost, created_at)
       select ?, 'openai', 'text-embedding-3-small', 'classification', 20, 20, 0.0000004 + i * 0.000000000001,
              ?::timestamptz + (i % 86400000) * interval '1 millisecond'
       from generate_series(1, ?) as i`,
      [tenant.organizationId, `${day}T00:00:00Z`, n],
    )
    // The exact sum in integer pico-dollars: n × 400,000 + n(n+1)/2.
    const pico = BigInt(n) * 400_000n + (BigInt(n) * BigInt(n + 1)) / 2n
    const exact = `${pico / 10n ** 12n}.${String(pico % 10n ** 12n).padStart(12, '0')}`
    expect(exact).toBe('0.900000500000')

    const logSum = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId, model: 'text-embedding-3-small' })
      .where('created_at', '>=', `${day}T00:00:00Z`)
      .where('created_at', '<', '2026-04-15T00:00:00Z')
      .first(db.raw('sum(cost)::text as total'))
    expect(logSum.total).toBe(exact)

    await aggregateDaily(db, day)
    await aggregateMonthly(db, 2026, 4)
    const daily = await db('ai_usage_daily')
      .where({ organization_id: tenant.organizationId, date: day })
      .first(db.raw('sum(total_cost)::text as total, sum(request_count)::int as requests'))
    expect(daily).toEqual({ total: exact, requests: n })
    const monthly = await db('ai_usage_monthly')
      .where({ organization_id: tenant.organizationId, year: 2026, month: 4 })
      .first(db.raw('sum(total_cost)::text as total'))
    expect(monthly.total).toBe(exact)
    const totals = await db('ai_usage_monthly_totals')
      .where({ organization_id: tenant.organizationId, year: 2026, month: 4 })
      .first(db.raw('total_cost::text as total'))
    expect(totals.total).toBe(exact)
  }, 180_000)

  it('adds sub-micro-dollar costs to budget counters exactly', async () => {
    const [budget] = await db('ai_budgets')
      .insert({
        organization_id: tenant.organizationId,
        monthly_limit: '10',
        current_period_start: '2026-05-01',
      })
      .returning('id')
    const createdAt = new Date('2026-05-05T10:00:00Z')
    for (let i = 0; i < 10; i++)
      await db.transaction((trx) =>
        addToBudgetCounters(
          trx,
          tenant.organizationId,
          Array.from({ length: 100 }, () => ({ userId: null, cost: '0.00000165', createdAt })),
        ),
      )
    const row = await db('ai_budgets')
      .where({ id: budget.id })
      .first(db.raw('current_month_usage::text as usage'))
    expect(row.usage).toBe('0.001650000000')
  })
})
