import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { findBudgetWithState } from './find-budget-with-state'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

const NOW = new Date('2026-03-15T12:00:00Z')

describe('findBudgetWithState', () => {
  it('finds the one budget with its names, raw fields and state this month', async () => {
    const tenant = await createTenant(db, 'Find Budget')
    const [orgBudget, userBudget] = await db('ai_budgets')
      .insert([
        {
          organization_id: tenant.organizationId,
          user_id: null,
          monthly_limit: '10.00',
          warning_threshold: '75',
          current_month_usage: '8.000000',
          current_period_start: '2026-03-01',
        },
        {
          organization_id: tenant.organizationId,
          user_id: tenant.userId,
          monthly_limit: '5.00',
          current_month_usage: '6.000000',
          current_period_start: '2026-03-01',
          allow_override: false,
        },
      ])
      .returning('id')
    expect(await findBudgetWithState(db, orgBudget.id, NOW)).toMatchObject({
      id: orgBudget.id,
      organizationName: 'Find Budget',
      userId: null,
      monthlyLimit: '10.00',
      warningThreshold: '75.00',
      state: 'warning',
      usage: '8.000000',
      percent: 80,
    })
    expect(await findBudgetWithState(db, userBudget.id, NOW)).toMatchObject({
      id: userBudget.id,
      userId: tenant.userId,
      userName: 'Find Budget User',
      allowOverride: false,
      state: 'exceeded',
    })
  })

  it('finds nothing for an unknown or malformed id', async () => {
    expect(await findBudgetWithState(db, 2 ** 40, NOW)).toBeNull()
    expect(await findBudgetWithState(db, Number.NaN, NOW)).toBeNull()
  })
})
