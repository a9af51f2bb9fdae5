import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { getBudgetStates } from './budget-states'
import { getOverridesUsed } from './overrides-used'
import { createTenantWithTwoUsers, NOW } from './test-fixtures'

let db: Db
let tenant: Awaited<ReturnType<typeof createTenantWithTwoUsers>>
let other: Awaited<ReturnType<typeof createTenantWithTwoUsers>>
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenantWithTwoUsers(db, 'Budget States')
  other = await createTenantWithTwoUsers(db, 'Budget States Other')
  const budget = (fields: Record<string, unknown>) => ({
    organization_id: tenant.organizationId,
    warning_threshold: '80',
    current_period_start: '2026-03-01',
    ...fields,
  })
  await db('ai_budgets').insert([
    budget({ user_id: null, monthly_limit: '10.00', current_month_usage: '8.500000' }),
    budget({ user_id: tenant.userId, monthly_limit: '5.00', current_month_usage: '6.000000' }),
    // A counter still on February: this month it is 0.
    budget({
      user_id: tenant.secondUserId,
      monthly_limit: '1.00',
      current_month_usage: '3.000000',
      current_period_start: '2026-02-01',
    }),
    {
      organization_id: other.organizationId,
      user_id: null,
      monthly_limit: null,
      current_month_usage: '2.000000',
      current_period_start: '2026-03-01',
    },
    {
      organization_id: other.organizationId,
      user_id: other.userId,
      monthly_limit: '1.00',
      current_month_usage: '2.000000',
      current_period_start: '2026-03-01',
      is_active: false,
    },
  ])
  const override = (status: string, usedAt: string | null, userId = tenant.userId) => ({
    organization_id: tenant.organizationId,
    user_id: userId,
    status,
    estimated_cost: '0.010000',
    check_result: JSON.stringify({
      status: 'exceeded',
      budgets: [],
      requiresConfirmation: true,
      message: '',
    }),
    requested_at: '2026-03-01T00:00:00Z',
    expires_at: '2026-03-20T00:00:00Z',
    decided_by: userId,
    decided_at: '2026-03-01T00:01:00Z',
    used_at: usedAt,
  })
  await db('budget_overrides').insert([
    override('used', '2026-03-02T10:00:00Z'),
    override('used', '2026-03-18T09:00:00Z', tenant.secondUserId),
    override('used', '2026-02-27T10:00:00Z'),
    override('confirmed', null),
    override('cancelled', null),
  ])
})
afterAll(async () => {
  await db('organizations').whereIn('id', [tenant.organizationId, other.organizationId]).delete()
  await db.destroy()
})

describe('getBudgetStates', () => {
  it('evaluates each budget as the budget check does, with names', async () => {
    const states = await getBudgetStates(db, { now: NOW, organizationId: tenant.organizationId })
    expect(
      states.map((b) => ({
        user: b.userName,
        state: b.state,
        usage: b.usage,
        percent: b.percent,
        org: b.organizationName,
      })),
    ).toEqual([
      { user: null, state: 'warning', usage: '8.500000', percent: 85, org: 'Budget States' },
      {
        user: 'Budget States User',
        state: 'exceeded',
        usage: '6.000000',
        percent: 120,
        org: 'Budget States',
      },
      { user: 'Budget States Second', state: 'ok', usage: '0.000000', percent: 0, org: 'Budget States' },
    ])
  })

  it('marks inactive and unlimited budgets, and filters by state', async () => {
    const states = await getBudgetStates(db, { now: NOW, organizationId: other.organizationId })
    expect(states.map((b) => [b.state, b.usage, b.percent])).toEqual([
      ['unlimited', '2.000000', null],
      ['inactive', '2.000000', 200],
    ])
    const tripped = await getBudgetStates(db, { now: NOW, states: ['warning', 'exceeded'] })
    const ours = tripped.filter((b) =>
      [tenant.organizationId, other.organizationId].includes(b.organizationId),
    )
    expect(ours.map((b) => b.state)).toEqual(['warning', 'exceeded'])
  })
})

describe('getOverridesUsed', () => {
  it('counts overrides used this month, newest first', async () => {
    const used = await getOverridesUsed(db, { now: NOW, organizationId: tenant.organizationId })
    expect(used.count).toBe(2)
    expect(used.recent.map((o) => [o.userName, o.usedAt.toISOString(), o.organizationName])).toEqual([
      ['Budget States Second', '2026-03-18T09:00:00.000Z', 'Budget States'],
      ['Budget States User', '2026-03-02T10:00:00.000Z', 'Budget States'],
    ])
  })
})
