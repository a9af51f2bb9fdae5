import { evaluateBudgets, type Usd } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { resetBudgets } from '../rollups/reset-budgets'
import { createTenant, type Tenant } from '../testing'
import { addToBudgetCounters } from './add-to-budget-counters'
import { loadApplicableBudgets } from './load-budgets'

// Budget counters against real Postgres: the month a cost counts in, and budgets created while
// calls are being logged by several connections at once.
let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 12 } })
})
afterAll(async () => {
  await db.destroy()
})

interface Call {
  userId?: number | null
  cost: Usd
  at: string
}

/** What the api's record path does for one call: the log row and its counter increment, in one transaction. */
async function logCall(
  tenant: Tenant,
  call: Call,
  beforeCommit?: (trx: Db) => Promise<unknown>,
): Promise<void> {
  await db.transaction(async (trx) => {
    const createdAt = new Date(call.at)
    await trx('ai_usage_logs').insert({
      organization_id: tenant.organizationId,
      user_id: call.userId ?? null,
      provider: 'openai',
      model: 'gpt-4o',
      cost: call.cost,
      created_at: createdAt,
    })
    await addToBudgetCounters(trx, tenant.organizationId, [
      { userId: call.userId ?? null, cost: call.cost, createdAt },
    ])
    await beforeCommit?.(trx)
  })
}

const counter = async (tenant: Tenant, userId: number | null) =>
  db('ai_budgets')
    .where({ organization_id: tenant.organizationId })
    .where('user_id', userId ?? (null as never))
    .first('current_month_usage as usage', 'current_period_start as period')

/** The scope's logged costs in [from, to), summed by Postgres. */
async function loggedSum(tenant: Tenant, userId: number | null, from: string, to: string): Promise<string> {
  const query = db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
  if (userId != null) query.where({ user_id: userId })
  const { total } = await query.first(db.raw('coalesce(sum(cost), 0)::numeric(24,12)::text as total'))
  return total
}

/** The organization budget's usage as `budgets.check` reports it at `now`. */
async function checkedUsage(tenant: Tenant, now: string) {
  const budgets = await loadApplicableBudgets(db, tenant.organizationId, null)
  return evaluateBudgets(budgets, { now: new Date(now) }).budgets[0]?.usage
}

async function addBudget(tenant: Tenant, userId: number | null, period: string) {
  await db('ai_budgets').insert({
    organization_id: tenant.organizationId,
    user_id: userId,
    monthly_limit: '1.00',
    current_period_start: period,
  })
}

describe('budget counters follow the month of each call', () => {
  it('across the year end: a skewed January call moves the counter, a late December call no longer counts', async () => {
    const tenant = await createTenant(db, 'Year End')
    await addBudget(tenant, null, '2030-12-01')
    await addBudget(tenant, tenant.userId, '2030-12-01')
    const user = tenant.userId

    await logCall(tenant, { userId: user, cost: '0.100000', at: '2030-12-31T23:59:40Z' })
    expect(await counter(tenant, null)).toEqual({ usage: '0.100000000000', period: '2030-12-01' })

    // The server clock says 23:59:52; the caller's clock is 4 minutes ahead: January.
    await logCall(tenant, { userId: user, cost: '0.200000', at: '2031-01-01T00:03:52Z' })
    expect(await counter(tenant, null)).toEqual({ usage: '0.200000000000', period: '2031-01-01' })
    expect(await counter(tenant, user)).toEqual({ usage: '0.200000000000', period: '2031-01-01' })

    // A December call arriving after that belongs to a month this counter has closed.
    await logCall(tenant, { userId: user, cost: '0.050000', at: '2030-12-31T23:59:58Z' })
    await logCall(tenant, { userId: null, cost: '0.017500', at: '2031-01-01T00:00:01Z' })
    await logCall(tenant, { userId: user, cost: '0.100000', at: '2031-01-01T00:04:10Z' })

    expect(await counter(tenant, null)).toEqual({
      usage: await loggedSum(tenant, null, '2031-01-01T00:00:00Z', '2031-02-01T00:00:00Z'),
      period: '2031-01-01',
    })
    expect((await counter(tenant, null))?.usage).toBe('0.317500000000')
    expect(await counter(tenant, user)).toEqual({
      usage: await loggedSum(tenant, user, '2031-01-01T00:00:00Z', '2031-02-01T00:00:00Z'),
      period: '2031-01-01',
    })
  })

  it('counts one batch that straddles the month end in the newest month only', async () => {
    const tenant = await createTenant(db, 'Straddle')
    await addBudget(tenant, null, '2030-12-01')
    await db.transaction((trx) =>
      addToBudgetCounters(trx, tenant.organizationId, [
        { userId: null, cost: '0.1', createdAt: new Date('2030-12-31T23:59:59Z') },
        { userId: tenant.userId, cost: '0.2', createdAt: new Date('2031-01-01T00:01:00Z') },
        { userId: null, cost: '0.3', createdAt: new Date('2030-12-31T23:58:00Z') },
        { userId: null, cost: '0.04', createdAt: new Date('2031-01-01T00:02:00Z') },
      ]),
    )
    expect(await counter(tenant, null)).toEqual({ usage: '0.240000000000', period: '2031-01-01' })
  })

  it('adds a call of the counter month to a counter still on that month after midnight, which the reset then zeroes', async () => {
    const tenant = await createTenant(db, 'Late')
    await addBudget(tenant, null, '2030-12-01')
    // Dated 23:59:58, received at 00:00:03: the counter is still on December, so it counts there.
    await logCall(tenant, { cost: '0.250000', at: '2030-12-31T23:59:58Z' })
    expect(await counter(tenant, null)).toEqual({ usage: '0.250000000000', period: '2030-12-01' })
    const check = (now: string) => checkedUsage(tenant, now)
    // After midnight the check already treats December's counter as 0, as the reset job will make it.
    expect(await check('2030-12-31T23:59:59Z')).toBe('0.250000')
    expect(await check('2031-01-01T00:00:03Z')).toBe('0.000000')
    await resetBudgets(db, new Date('2031-01-01T00:05:00Z'))
    expect(await counter(tenant, null)).toEqual({ usage: '0.000000000000', period: '2031-01-01' })
    expect(await check('2031-01-01T00:05:00Z')).toBe('0.000000')
  })

  it('a counter moved ahead by a skewed call: the reset leaves it and the check reports it, before and after midnight', async () => {
    const tenant = await createTenant(db, 'Ahead')
    await addBudget(tenant, null, '2030-12-01')
    await logCall(tenant, { cost: '0.900000', at: '2030-12-31T23:50:00Z' })
    await logCall(tenant, { cost: '0.400000', at: '2031-01-01T00:02:00Z' })
    const check = (now: string) => checkedUsage(tenant, now)
    // At 23:59:55 by the server's clock, the counter is already January's: the check reports it
    // (December's total is closed and no longer kept), and a reset run then leaves it alone.
    expect(await check('2030-12-31T23:59:55Z')).toBe('0.400000')
    expect((await resetBudgets(db, new Date('2030-12-31T23:59:56Z'))).periodStart).toBe('2030-12-01')
    expect(await counter(tenant, null)).toEqual({ usage: '0.400000000000', period: '2031-01-01' })
    // The monthly job at 00:05 finds it on the current month: nothing to reset, nothing lost.
    await resetBudgets(db, new Date('2031-01-01T00:05:00Z'))
    expect(await counter(tenant, null)).toEqual({ usage: '0.400000000000', period: '2031-01-01' })
    expect(await check('2031-01-01T00:05:00Z')).toBe('0.400000')
  })

  it('moves a counter on an old month forward and leaves null and zero costs out', async () => {
    const tenant = await createTenant(db, 'Stale')
    await addBudget(tenant, null, '2030-10-01')
    await db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .update({ current_month_usage: '7.5' })
    await db.transaction((trx) =>
      addToBudgetCounters(trx, tenant.organizationId, [
        { userId: null, cost: null, createdAt: new Date('2030-12-02T00:00:00Z') },
        { userId: null, cost: '0', createdAt: new Date('2031-01-02T00:00:00Z') },
      ]),
    )
    expect(await counter(tenant, null)).toEqual({ usage: '7.500000000000', period: '2030-10-01' })
    await logCall(tenant, { cost: '0.125000', at: '2030-12-02T00:00:00Z' })
    expect(await counter(tenant, null)).toEqual({ usage: '0.125000000000', period: '2030-12-01' })
  })
})
