import { describe, expect, it } from 'vitest'
import type { BudgetCheckResult } from './budget-errors'
import { budgetScopeKey, OkCheckCache } from './ok-check-cache'

const check = (status: BudgetCheckResult['status']) =>
  ({ status, message: status, budgets: [] }) as unknown as BudgetCheckResult

function fakeClock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('OkCheckCache', () => {
  it('reuses an ok check until its ttl has passed', () => {
    const clock = fakeClock()
    const cache = new OkCheckCache(clock.now)
    const ok = check('ok')
    cache.put('a', ok)
    expect(cache.get('a', 5_000)).toBe(ok)
    clock.advance(4_999)
    expect(cache.get('a', 5_000)).toBe(ok)
    clock.advance(1)
    expect(cache.get('a', 5_000)).toBeNull()
  })

  it('never keeps warning, exceeded or blocked, and one of them drops the kept ok', () => {
    const cache = new OkCheckCache(fakeClock().now)
    for (const status of ['warning', 'exceeded', 'blocked'] as const) {
      cache.put(status, check(status))
      expect(cache.get(status, 60_000)).toBeNull()
    }
    cache.put('a', check('ok'))
    cache.put('a', check('warning'))
    expect(cache.get('a', 60_000)).toBeNull()
  })

  it('keeps scopes apart, and a ttl of 0 never reuses', () => {
    const cache = new OkCheckCache(fakeClock().now)
    cache.put(budgetScopeKey({ userId: 1 }), check('ok'))
    expect(cache.get(budgetScopeKey({ userId: 2 }), 5_000)).toBeNull()
    expect(cache.get(budgetScopeKey({ userId: 1, projectId: 3 }), 5_000)).toBeNull()
    expect(cache.get(budgetScopeKey({ userId: 1 }), 5_000)).not.toBeNull()
    expect(cache.get(budgetScopeKey({ userId: 1 }), 0)).toBeNull()
  })

  it('does not trust an entry from the future (the clock went back)', () => {
    const clock = fakeClock()
    const cache = new OkCheckCache(clock.now)
    cache.put('a', check('ok'))
    clock.advance(-10)
    expect(cache.get('a', 5_000)).toBeNull()
  })
})
