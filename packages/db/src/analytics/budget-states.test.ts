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

  it('asked for tripped budgets, finds exactly those the evaluation finds among all', async () => {
    const edge = await createTenantWithTwoUsers(db, 'Budget States Edges')
    const users = [edge.userId, edge.secondUserId]
    const budget = (limit: string | null, usage: string, threshold = '80', start = '2026-03-01') => ({
      organization_id: edge.organizationId,
      monthly_limit: limit,
      current_month_usage: usage,
      warning_threshold: threshold,
      current_period_start: start,
    })
    // Scopes must differ, so each edge case sits on its own project.
    const cases = [
      budget('10.00', '8.000000'), // at the threshold: warning
      budget('10.00', '7.999999'), // just below: ok, not fetched
      budget('10.00', '10.000000', '100'), // at the limit with the threshold there: exceeded
      budget('10.00', '10.500000', '100'), // past the limit: exceeded
      budget('0.00', '0.000000', '80', '2026-02-01'), // a limit of 0, last month's counter: exceeded
      budget('10.00', '0.000000', '0'), // a threshold of 0: warning from the first cent
      budget('10.00', '9.000000', '80', '2026-02-01'), // last month's counter: ok this month
    ]
    const projectIds: number[] = []
    for (const [i] of cases.entries()) {
      const [project] = await db('projects')
        .insert({ organization_id: edge.organizationId, name: `Edge ${i}` })
        .returning('id')
      projectIds.push(project.id)
    }
    await db('ai_budgets').insert([
      ...cases.map((c, i) => ({ ...c, project_id: projectIds[i] })),
      ...users.map((userId) => ({ ...budget('1.00', '0.500000'), user_id: userId })),
    ])
    const scope = { now: NOW, organizationId: edge.organizationId }
    const all = await getBudgetStates(db, scope)
    const tripped = await getBudgetStates(db, { ...scope, states: ['warning', 'exceeded'] })
    expect(tripped.map((b) => [b.id, b.state])).toEqual(
      all.filter((b) => b.state === 'warning' || b.state === 'exceeded').map((b) => [b.id, b.state]),
    )
    expect(tripped.map((b) => b.state)).toEqual(['warning', 'exceeded', 'exceeded', 'exceeded', 'warning'])
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
