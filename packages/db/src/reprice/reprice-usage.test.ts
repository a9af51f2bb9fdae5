import { addUtcDays, type UsageEvent, utcDay } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partitionsPlanned } from '../analytics/test-partitions-read'
import { addToBudgetCounters } from '../budgets/add-to-budget-counters'
import { createDb, type Db } from '../knex'
import { rollUpDays } from '../rollups/roll-up-days'
import { createTenant, type Tenant } from '../testing'
import { buildLogRow } from '../usage/build-log-row'
import { loadCustomPrices } from '../usage/load-custom-prices'
import { type RepriceResult, repriceUsage } from './reprice-usage'

// Reprice on seeded data against real Postgres: logs, rollups and this month's counters move together.
let db: Db
let tenant: Tenant
const now = new Date()
const thisMonth = `${utcDay(now).slice(0, 7)}-01`
const lastMonth = `${addUtcDays(thisMonth, -1).slice(0, 7)}-01`
const model = `tuned-${Date.now()}`

/** What the api's write path does for one call: the log row and its counter increments, one transaction. */
async function logCall(at: string, event: Partial<UsageEvent>): Promise<void> {
  const full: UsageEvent = {
    provider: 'acme',
    model,
    promptTokens: 1000,
    completionTokens: 500,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    success: true,
    category: 'general',
    occurredAt: at,
    ...event,
  }
  await db.transaction(async (trx) => {
    const customPrices = await loadCustomPrices(trx, [full])
    const attribution = {
      organizationId: tenant.organizationId,
      apiKeyId: null,
      userId: full.userId ?? null,
      projectId: null,
      documentId: null,
    }
    const row = buildLogRow({ event: full, attribution, customPrices, now })
    await trx('ai_usage_logs').insert(row)
    await addToBudgetCounters(trx, tenant.organizationId, [
      { userId: row.user_id, cost: row.cost, createdAt: row.created_at },
    ])
  })
}

const days = [`${lastMonth.slice(0, 8)}03`, `${lastMonth.slice(0, 8)}20`, thisMonth, utcDay(now)]

async function logs() {
  return db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .orderBy('id')
    .select('model', 'cost_source', db.raw('cost::text as cost'), db.raw("prices->>'ref' as ref"))
}

/** Rollups and counters against the logs, exactly (numeric compared as text). */
async function consistency() {
  const org = tenant.organizationId
  const { rows } = await db.raw(
    `select
       (select coalesce(sum(cost), 0)::text from ai_usage_logs where organization_id = :org) as logs,
       (select coalesce(sum(total_cost), 0)::text from ai_usage_daily where organization_id = :org) as daily,
       (select coalesce(sum(total_cost), 0)::text from ai_usage_monthly where organization_id = :org) as monthly,
       (select coalesce(sum(total_cost), 0)::text from ai_usage_daily_totals where organization_id = :org) as daily_totals,
       (select coalesce(sum(cost), 0)::text from ai_usage_logs where organization_id = :org and created_at >= :month) as month_logs,
       (select coalesce(sum(cost), 0)::text from ai_usage_logs
         where organization_id = :org and created_at >= :month and user_id = :user) as month_user_logs,
       (select current_month_usage::text from ai_budgets where organization_id = :org and user_id is null) as org_counter,
       (select current_month_usage::text from ai_budgets where organization_id = :org and user_id = :user) as user_counter`,
    { org, user: tenant.userId, month: `${thisMonth}T00:00:00Z` },
  )
  return rows[0]
}

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Reprice')
  await db('ai_budgets').insert([
    { organization_id: tenant.organizationId, monthly_limit: '100', current_period_start: thisMonth },
    {
      organization_id: tenant.organizationId,
      user_id: tenant.userId,
      monthly_limit: '50',
      current_period_start: thisMonth,
    },
  ])
  const at = (day: string, time = '10:00:00') => `${day}T${time}Z`
  const recent = new Date(now.getTime() - 60_000).toISOString()
  await logCall(at(days[0] as string), {})
  await logCall(at(days[1] as string), { userId: tenant.userId })
  await logCall(at(thisMonth, '00:30:00'), { userId: tenant.userId })
  await logCall(recent, {})
  await logCall(recent, { userId: tenant.userId, cost: '0.5' })
  await logCall(recent, { provider: 'openai', model: 'gpt-4o-mini', userId: tenant.userId })
  await rollUpDays(db, [...new Set(days)].sort())
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db('model_prices').where({ model }).delete()
  await db.destroy()
})

describe('repriceUsage', () => {
  it('starts from unpriced calls whose counters and rollups hold only the priced ones', async () => {
    expect((await logs()).map((l) => l.cost)).toEqual([
      null,
      null,
      null,
      null,
      '0.500000000000',
      '0.000450000000',
    ])
    expect(await consistency()).toMatchObject({
      logs: '0.500450000000',
      daily: '0.500450000000',
      org_counter: '0.500450000000',
      user_counter: '0.500450000000',
    })
  })

  it('a dry run reports what a run writes, writing nothing; the run prices from the price effective at each call', async () => {
    // A negotiated price for last month, and a new one from this month on.
    const [a, b] = await db('model_prices')
      .insert([
        {
          provider: 'acme',
          model,
          input_mtok: '1',
          output_mtok: '2',
          effective_from: `${lastMonth}T00:00:00Z`,
        },
        {
          provider: 'acme',
          model,
          input_mtok: '3',
          output_mtok: '4',
          effective_from: `${thisMonth}T00:00:00Z`,
        },
      ])
      .returning('id')
    const before = await consistency()
    const progress: number[] = []
    const options = { from: lastMonth, to: utcDay(now), model, chunkSize: 2 }
    const dry = await repriceUsage(db, { ...options, dryRun: true })
    expect(await consistency()).toEqual(before)
    expect((await logs()).map((l) => l.cost)).toEqual([
      null,
      null,
      null,
      null,
      '0.500000000000',
      '0.000450000000',
    ])

    const run = await repriceUsage(db, { ...options, onProgress: ({ done }) => progress.push(done) })
    const figures = ({ dryRun: _, ...rest }: RepriceResult) => rest
    expect(figures(run)).toEqual(figures(dry))
    // 1000 in + 500 out: last month 1 + 1 = $0.002, this month 3 + 2 = $0.005; the caller's 0.5 is kept.
    expect(run).toMatchObject({
      scanned: 4,
      changed: 4,
      newlyPriced: 4,
      stillUnpriced: 0,
      costBefore: '0.000000000000',
      costAfter: '0.014000000000',
      days: [...new Set(days)].sort(),
    })
    expect(progress).toEqual([2, 4])
    expect(await logs()).toEqual([
      { model, cost_source: 'custom', cost: '0.002000000000', ref: String(a.id) },
      { model, cost_source: 'custom', cost: '0.002000000000', ref: String(a.id) },
      { model, cost_source: 'custom', cost: '0.005000000000', ref: String(b.id) },
      { model, cost_source: 'custom', cost: '0.005000000000', ref: String(b.id) },
      { model, cost_source: 'caller', cost: '0.500000000000', ref: null },
      { model: 'gpt-4o-mini', cost_source: 'catalog', cost: '0.000450000000', ref: 'openai:gpt-4o-mini' },
    ])
  })

  it("leaves rollups equal to their logs and this month's counters equal to this month's logs, to the last digit", async () => {
    const after = await consistency()
    expect(after.logs).toBe('0.514450000000')
    expect(after.daily).toBe(after.logs)
    expect(after.monthly).toBe(after.logs)
    expect(after.daily_totals).toBe(after.logs)
    // Last month's calls changed last month's rollups only, never this month's counters.
    expect(after.org_counter).toBe(after.month_logs)
    expect(after.user_counter).toBe(after.month_user_logs)
    expect(after.org_counter).toBe('0.510450000000')
    expect(after.user_counter).toBe('0.505450000000')
  })

  it('changes nothing when run again, and --only-unpriced finds nothing left', async () => {
    const before = await consistency()
    expect(await repriceUsage(db, { from: lastMonth, to: utcDay(now), model })).toMatchObject({ changed: 0 })
    expect(
      await repriceUsage(db, { from: lastMonth, to: utcDay(now), model, onlyUnpriced: true }),
    ).toMatchObject({
      scanned: 0,
      changed: 0,
    })
    expect(await consistency()).toEqual(before)
  })

  it('refuses bad ranges before touching anything', async () => {
    await expect(repriceUsage(db, { from: '2026-02-30', to: '2026-03-01' })).rejects.toThrow(/calendar day/)
    await expect(repriceUsage(db, { from: '2026-03-02', to: '2026-03-01' })).rejects.toThrow(/is after/)
  })
})

describe('repriceUsage on the partitioned logs', () => {
  // Calls of their own model, outside the figures above: two a few microseconds apart in the same
  // millisecond of last month (a JS Date cannot tell them apart), one this month.
  const micro = `micro-${Date.now()}`
  const stamps = [
    `${days[0]}T10:00:00.123456Z`,
    `${days[0]}T10:00:00.123789Z`,
    `${thisMonth}T00:30:00.000001Z`,
  ]
  const partition = (day: string) => `ai_usage_logs_p${day.slice(0, 7).replace('-', '')}`
  beforeAll(async () => {
    await db('ai_usage_logs').insert(
      stamps.map((created_at) => ({
        organization_id: tenant.organizationId,
        provider: 'acme',
        model: micro,
        prompt_tokens: 1000,
        completion_tokens: 500,
        total_tokens: 1500,
        created_at,
      })),
    )
    await db('model_prices').insert({
      provider: 'acme',
      model: micro,
      input_mtok: '1',
      output_mtok: '2',
      effective_from: `${lastMonth}T00:00:00Z`,
    })
  })
  afterAll(async () => {
    await db('model_prices').where({ model: micro }).delete()
  })

  it("walks calls microseconds apart once each and updates each chunk in its own months' partitions", async () => {
    let run: RepriceResult | undefined
    const plans = await partitionsPlanned(db, async () => {
      run = await repriceUsage(db, { from: lastMonth, to: utcDay(now), model: micro, chunkSize: 1 })
    })
    expect(run).toMatchObject({ scanned: 3, changed: 3, newlyPriced: 3 })
    const { rows } = await db.raw(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, cost::text as cost
       from ai_usage_logs where model = ? order by created_at`,
      [micro],
    )
    expect(rows).toEqual(stamps.map((at) => ({ at, cost: '0.002000000000' })))
    // Each chunk's update (one call here) reads only its call's month.
    const updates = plans.filter((p) => p.sql.startsWith('update ai_usage_logs')).map((p) => p.partitions)
    expect(updates).toEqual([
      [partition(days[0] as string)],
      [partition(days[0] as string)],
      [partition(thisMonth)],
    ])
  })
})
