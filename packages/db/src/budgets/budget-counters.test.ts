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

describe('budget counters for every scope and period', () => {
  interface ScopedCall {
    userId?: number | null
    projectId?: number | null
    apiKeyId?: number | null
    cost: Usd
    at: string
  }

  /** One logged call with its full attribution, counted as the record path counts it. */
  async function logScoped(tenant: Tenant, call: ScopedCall): Promise<void> {
    await db.transaction(async (trx) => {
      const createdAt = new Date(call.at)
      const attribution = {
        userId: call.userId ?? null,
        projectId: call.projectId ?? null,
        apiKeyId: call.apiKeyId ?? null,
      }
      await trx('ai_usage_logs').insert({
        organization_id: tenant.organizationId,
        user_id: attribution.userId,
        project_id: attribution.projectId,
        api_key_id: attribution.apiKeyId,
        provider: 'openai',
        model: 'gpt-4o',
        cost: call.cost,
        created_at: createdAt,
      })
      await addToBudgetCounters(trx, tenant.organizationId, [{ ...attribution, cost: call.cost, createdAt }])
    })
  }

  async function addScoped(
    tenant: Tenant,
    fields: { user_id?: number; project_id?: number; api_key_id?: number; period: string; zone?: string },
    start: string,
  ): Promise<number> {
    const [{ id }] = await db('ai_budgets')
      .insert({
        organization_id: tenant.organizationId,
        user_id: fields.user_id ?? null,
        project_id: fields.project_id ?? null,
        api_key_id: fields.api_key_id ?? null,
        period: fields.period,
        period_time_zone: fields.zone ?? 'UTC',
        monthly_limit: '100.00',
        current_period_start: start,
      })
      .returning('id')
    return id
  }

  const byId = async (id: number) =>
    db('ai_budgets')
      .where({ id })
      .first(db.raw('current_month_usage::text as usage'), db.raw('current_period_start::text as period'))

  it('adds a call to the organization, its user, its project and its key, each in its own period', async () => {
    const t = await createTenant(db, 'All Scopes')
    const other = await createTenant(db, 'All Scopes Other')
    const [{ id: otherProject }] = await db('projects')
      .insert({ organization_id: t.organizationId, name: 'Other project' })
      .returning('id')
    const org = await addScoped(t, { period: 'monthly' }, '2030-12-01')
    const orgDaily = await addScoped(t, { period: 'daily' }, '2030-12-31')
    const user = await addScoped(t, { user_id: t.userId, period: 'monthly' }, '2030-12-01')
    const project = await addScoped(t, { project_id: t.projectId, period: 'weekly' }, '2030-12-30')
    const key = await addScoped(t, { api_key_id: t.apiKeyId, period: 'daily' }, '2030-12-31')
    const elsewhere = await addScoped(t, { project_id: otherProject, period: 'monthly' }, '2030-12-01')
    const otherOrg = await addScoped(other, { period: 'monthly' }, '2030-12-01')

    const full = { userId: t.userId, projectId: t.projectId, apiKeyId: t.apiKeyId }
    await logScoped(t, { ...full, cost: '0.5', at: '2030-12-31T10:00:00Z' })
    // Wednesday 1 January 2031: a new day and month, the same week (Monday 30 December).
    await logScoped(t, { ...full, cost: '0.25', at: '2031-01-01T00:00:01Z' })
    await logScoped(t, { projectId: t.projectId, cost: '0.125', at: '2031-01-01T08:00:00Z' })

    expect(await byId(org)).toEqual({ usage: '0.375000000000', period: '2031-01-01' })
    expect(await byId(orgDaily)).toEqual({ usage: '0.375000000000', period: '2031-01-01' })
    expect(await byId(user)).toEqual({ usage: '0.250000000000', period: '2031-01-01' })
    expect(await byId(project)).toEqual({ usage: '0.875000000000', period: '2030-12-30' })
    expect(await byId(key)).toEqual({ usage: '0.250000000000', period: '2031-01-01' })
    expect(await byId(elsewhere)).toEqual({ usage: '0.000000000000', period: '2030-12-01' })
    expect(await byId(otherOrg)).toEqual({ usage: '0.000000000000', period: '2030-12-01' })

    // The next Monday starts a new week for the project; its old week is closed.
    await logScoped(t, { projectId: t.projectId, cost: '1', at: '2031-01-06T00:00:00Z' })
    await logScoped(t, { projectId: t.projectId, cost: '2', at: '2031-01-05T23:59:59Z' })
    expect(await byId(project)).toEqual({ usage: '1.000000000000', period: '2031-01-06' })
  })

  it("turns a Berlin daily budget over at Berlin's midnight, across the change to summer time", async () => {
    const t = await createTenant(db, 'Berlin Daily')
    const daily = await addScoped(t, { period: 'daily', zone: 'Europe/Berlin' }, '2031-03-29')
    const weekly = await addScoped(t, { period: 'weekly', zone: 'Europe/Berlin' }, '2031-03-24')
    // Sunday 30 March 2031 is the change: 02:00 CET becomes 03:00 CEST; the day is 23 hours long.
    await logScoped(t, { cost: '1', at: '2031-03-29T22:59:59Z' }) // 23:59:59 on the 29th
    await logScoped(t, { cost: '2', at: '2031-03-29T23:00:00Z' }) // 00:00 on the 30th
    await logScoped(t, { cost: '4', at: '2031-03-30T21:59:59Z' }) // 23:59:59 CEST on the 30th
    expect(await byId(daily)).toEqual({ usage: '6.000000000000', period: '2031-03-30' })
    expect(await byId(weekly)).toEqual({ usage: '7.000000000000', period: '2031-03-24' })
    await logScoped(t, { cost: '8', at: '2031-03-30T22:00:00Z' }) // Monday 31st, 00:00 CEST
    expect(await byId(daily)).toEqual({ usage: '8.000000000000', period: '2031-03-31' })
    expect(await byId(weekly)).toEqual({ usage: '8.000000000000', period: '2031-03-31' })
  })

  it('stays exact with 8 connections logging calls of one project at once', async () => {
    const t = await createTenant(db, 'Concurrent Project')
    const project = await addScoped(t, { project_id: t.projectId, period: 'weekly' }, '2031-05-05')
    const key = await addScoped(t, { api_key_id: t.apiKeyId, period: 'daily' }, '2031-05-07')
    const calls = Array.from({ length: 80 }, (_, i) => ({
      projectId: t.projectId,
      apiKeyId: i % 2 === 0 ? t.apiKeyId : null,
      cost: `0.${String(i + 1).padStart(6, '0')}123456` as Usd,
      at: '2031-05-07T12:00:00Z',
    }))
    for (let i = 0; i < calls.length; i += 8)
      await Promise.all(calls.slice(i, i + 8).map((call) => logScoped(t, call)))
    const logged = async (column: string, value: number) =>
      (
        await db('ai_usage_logs')
          .where({ organization_id: t.organizationId, [column]: value })
          .first(db.raw('sum(cost)::numeric(24,12)::text as total'))
      ).total
    expect((await byId(project))?.usage).toBe(await logged('project_id', t.projectId))
    expect((await byId(key))?.usage).toBe(await logged('api_key_id', t.apiKeyId))
  })
})
