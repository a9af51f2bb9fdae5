import { describe, expect, it } from 'vitest'
import { type Budget, budgetInputErrors, DEFAULT_WARNING_THRESHOLD, evaluateBudgets } from '.'

const budget = (usage: string): Budget => ({
  id: 1,
  organizationId: 1,
  userId: null,
  monthlyLimit: '100.00',
  warningThreshold: DEFAULT_WARNING_THRESHOLD,
  currentMonthUsage: usage,
  currentPeriodStart: '2026-03-01',
  isActive: true,
  allowOverride: true,
})

describe('DEFAULT_WARNING_THRESHOLD', () => {
  it('is a valid threshold that warns at 80 % of the limit', () => {
    expect(budgetInputErrors({ monthlyLimit: null, warningThreshold: DEFAULT_WARNING_THRESHOLD })).toEqual({})
    const now = new Date('2026-03-10T00:00:00Z')
    expect(evaluateBudgets([budget('79.99')], { now }).status).toBe('ok')
    expect(evaluateBudgets([budget('80.00')], { now }).status).toBe('warning')
  })
})
