import { describe, expect, it } from 'vitest'
import type { Budget } from './budget'
import { evaluateBudgets } from './evaluate-budgets'

const now = new Date('2026-05-20T10:00:00Z')
const org = (over: Partial<Budget> = {}): Budget => ({
  id: 1,
  organizationId: 10,
  userId: null,
  monthlyLimit: '100.00',
  warningThreshold: '80.00',
  currentMonthUsage: '0',
  currentPeriodStart: '2026-05-01',
  isActive: true,
  allowOverride: true,
  ...over,
})
const user = (over: Partial<Budget> = {}) => org({ id: 2, userId: 7, monthlyLimit: '20.00', ...over })

describe('evaluateBudgets', () => {
  it('is ok below the warning threshold', () => {
    const result = evaluateBudgets([org({ currentMonthUsage: '79.99' })], { now })
    expect(result).toMatchObject({ status: 'ok', requiresConfirmation: false })
    expect(result.budgets[0]).toMatchObject({
      scope: 'organization',
      usage: '79.990000',
      remaining: '20.010000',
      percent: 79.99,
    })
  })

  it('warns at the threshold and says which budget', () => {
    const result = evaluateBudgets([org({ currentMonthUsage: '80' }), user({ currentMonthUsage: '1' })], {
      now,
    })
    expect(result.status).toBe('warning')
    expect(result.message).toMatch(
      /organization's monthly AI budget is at \$80\.00 of \$100\.00 \(80%\), past its 80% warning/,
    )
    expect(result.budgets.map((b) => b.status)).toEqual(['warning', 'ok'])
  })

  it('requires confirmation when a budget is used up and every exceeded budget allows override', () => {
    const result = evaluateBudgets([org({ currentMonthUsage: '5' }), user({ currentMonthUsage: '20' })], {
      now,
    })
    expect(result).toMatchObject({ status: 'exceeded', requiresConfirmation: true })
    expect(result.message).toMatch(
      /This user's monthly AI budget is used up: \$20\.00 of \$20\.00 \(100%\)\. Confirm/,
    )
  })

  it('blocks when an exceeded budget forbids override, even if another allows it', () => {
    const result = evaluateBudgets(
      [org({ currentMonthUsage: '150' }), user({ currentMonthUsage: '25', allowOverride: false })],
      { now },
    )
    expect(result).toMatchObject({ status: 'blocked', requiresConfirmation: false })
    expect(result.message).toMatch(/does not allow overrides/)
  })

  it('does not block on an over-limit budget that forbids override while under its limit', () => {
    expect(evaluateBudgets([org({ currentMonthUsage: '50', allowOverride: false })], { now }).status).toBe(
      'ok',
    )
  })

  it('ignores inactive budgets and budgets without a limit', () => {
    const result = evaluateBudgets(
      [
        org({ currentMonthUsage: '500', isActive: false }),
        user({ monthlyLimit: null, currentMonthUsage: '500' }),
      ],
      { now },
    )
    expect(result).toMatchObject({ status: 'ok', budgets: [] })
  })

  it('counts an estimated cost of the coming call', () => {
    const budgets = [org({ currentMonthUsage: '99.50' })]
    expect(evaluateBudgets(budgets, { now }).status).toBe('warning')
    const result = evaluateBudgets(budgets, { now, estimatedCost: '0.75' })
    expect(result.status).toBe('exceeded')
    expect(result.budgets[0]).toMatchObject({
      usage: '99.500000',
      projectedUsage: '100.250000',
      remaining: '0.000000',
    })
  })

  it('treats a counter from last month as zero (the month turned before the reset job ran)', () => {
    const result = evaluateBudgets([org({ currentMonthUsage: '150', currentPeriodStart: '2026-04-01' })], {
      now,
    })
    expect(result.status).toBe('ok')
    expect(result.budgets[0]?.usage).toBe('0.000000')
  })

  it('treats a zero limit as used up from the first call', () => {
    const result = evaluateBudgets([org({ monthlyLimit: '0.00' })], { now })
    expect(result.status).toBe('exceeded')
    expect(result.budgets[0]?.percent).toBeNull()
  })
})
