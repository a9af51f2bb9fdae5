import { describe, expect, it } from 'vitest'
import { budgetScopeKey } from './budget-scope-key'

describe('budgetScopeKey', () => {
  it('keeps users and projects apart, in either form', () => {
    const keys = [
      budgetScopeKey({}),
      budgetScopeKey({ userId: 1 }),
      budgetScopeKey({ userId: 2 }),
      budgetScopeKey({ userId: 1, projectId: 3 }),
      budgetScopeKey({ user: { externalId: 'usr_1' } }),
      budgetScopeKey({ user: { externalId: 'usr_2' } }),
      budgetScopeKey({ user: { externalId: '1' } }),
      budgetScopeKey({ project: { externalId: 'prj_1' } }),
    ]
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('ignores what does not choose a budget (category, metadata)', () => {
    expect(budgetScopeKey({ userId: 1, category: 'general', metadata: { a: 1 } })).toBe(
      budgetScopeKey({ userId: 1 }),
    )
  })
})
