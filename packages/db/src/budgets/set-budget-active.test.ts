import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { setBudgetActive } from './set-budget-active'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

describe('setBudgetActive', () => {
  it('switches a budget off and on without touching its limit, threshold or counter', async () => {
    const tenant = await createTenant(db, 'Budget Active')
    const [budget] = await db('ai_budgets')
      .insert({
        organization_id: tenant.organizationId,
        monthly_limit: '12.00',
        warning_threshold: '60',
        current_month_usage: '3.500000',
        current_period_start: '2026-03-01',
        allow_override: false,
      })
      .returning('id')
    const read = () =>
      db('ai_budgets')
        .where({ id: budget.id })
        .first('is_active', 'monthly_limit', 'warning_threshold', 'current_month_usage', 'allow_override')
    expect(await setBudgetActive(db, budget.id, false)).toBe(true)
    expect(await read()).toEqual({
      is_active: false,
      monthly_limit: '12.00',
      warning_threshold: '60.00',
      current_month_usage: '3.500000000000',
      allow_override: false,
    })
    expect(await setBudgetActive(db, budget.id, true)).toBe(true)
    expect((await read()).is_active).toBe(true)
  })

  it('reports a budget that does not exist', async () => {
    expect(await setBudgetActive(db, 2 ** 40, false)).toBe(false)
    expect(await setBudgetActive(db, Number.NaN, false)).toBe(false)
  })
})
