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

  it('counts what reservations of calls in flight hold as spent, per budget, to the last decimal', () => {
    const budgets = [org({ currentMonthUsage: '90' }), user({ currentMonthUsage: '1' })]
    // Each budget gets its own reserved amount: the user's holds less than the organization's.
    const reserved = new Map([
      [1, '9.999999999999'],
      [2, '0.5'],
    ])
    const result = evaluateBudgets(budgets, { now, estimatedCost: '0.000000000001', reserved })
    expect(result.status).toBe('exceeded')
    expect(result.budgets[0]).toMatchObject({
      usage: '90.000000',
      reserved: '10.000000',
      projectedUsage: '100.000000',
      status: 'exceeded',
    })
    expect(result.budgets[1]).toMatchObject({ usage: '1.000000', reserved: '0.500000', status: 'ok' })
    // One trillionth less and the organization's budget still has room: no float rounding.
    expect(evaluateBudgets(budgets, { now, reserved }).budgets[0]?.status).toBe('warning')
    expect(evaluateBudgets(budgets, { now }).budgets[0]).toMatchObject({ reserved: '0.000000' })
  })

  it('counts reservations in the current period even when the counter is from an older one', () => {
    const stale = org({ currentMonthUsage: '150', currentPeriodStart: '2026-04-01' })
    const result = evaluateBudgets([stale], { now, reserved: new Map([[1, '85']]) })
    expect(result.budgets[0]).toMatchObject({ usage: '0.000000', reserved: '85.000000', status: 'warning' })
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

  it('names each budget that tripped, whatever its scope and period', () => {
    const project = (over: Partial<Budget>) =>
      org({
        id: 3,
        projectId: 5,
        period: 'weekly',
        monthlyLimit: '10.00',
        currentPeriodStart: '2026-05-18',
        ...over,
      })
    const key = (over: Partial<Budget>) =>
      org({
        id: 4,
        apiKeyId: 6,
        period: 'daily',
        monthlyLimit: '2.00',
        currentPeriodStart: '2026-05-20',
        ...over,
      })
    const result = evaluateBudgets(
      [
        user({ currentMonthUsage: '1' }),
        key({ currentMonthUsage: '2.5' }),
        project({ currentMonthUsage: '9' }),
        org(),
      ],
      { now },
    )
    expect(result.budgets.map((b) => [b.scope, b.period, b.status])).toEqual([
      ['organization', 'monthly', 'ok'],
      ['project', 'weekly', 'warning'],
      ['api_key', 'daily', 'exceeded'],
      ['user', 'monthly', 'ok'],
    ])
    expect(result.status).toBe('exceeded')
    expect(result.tripped).toEqual([
      { budgetId: 3, scope: 'project', period: 'weekly', status: 'warning' },
      { budgetId: 4, scope: 'api_key', period: 'daily', status: 'exceeded' },
    ])
    expect(result.message).toMatch(/This project's weekly AI budget is at \$9\.00 of \$10\.00/)
    expect(result.message).toMatch(/This API key's daily AI budget is used up: \$2\.50 of \$2\.00/)
    expect(result.budgets[1]).toMatchObject({ projectId: 5, apiKeyId: null, periodStart: '2026-05-18' })
  })

  it("reads a weekly or daily counter from an earlier week or day as zero, in the budget's zone", () => {
    // Wednesday 20 May 2026, 10:00 UTC. Weeks start on Monday the 18th.
    const weekly = org({ period: 'weekly', currentMonthUsage: '150' })
    expect(evaluateBudgets([{ ...weekly, currentPeriodStart: '2026-05-11' }], { now }).status).toBe('ok')
    expect(evaluateBudgets([{ ...weekly, currentPeriodStart: '2026-05-18' }], { now }).status).toBe(
      'exceeded',
    )
    const daily = org({ period: 'daily', currentMonthUsage: '150', currentPeriodStart: '2026-05-20' })
    expect(evaluateBudgets([daily], { now: new Date('2026-05-20T23:59:59Z') }).status).toBe('exceeded')
    expect(evaluateBudgets([daily], { now: new Date('2026-05-21T00:00:00Z') }).status).toBe('ok')
    // 22:30 UTC on the 20th is already the 21st in Berlin: that counter's day is over there.
    const berlin = { ...daily, timeZone: 'Europe/Berlin' }
    expect(evaluateBudgets([berlin], { now: new Date('2026-05-20T21:59:59Z') }).status).toBe('exceeded')
    expect(evaluateBudgets([berlin], { now: new Date('2026-05-20T22:00:00Z') }).status).toBe('ok')
  })

  it('trips nothing when everything is within budget', () => {
    expect(evaluateBudgets([org({ currentMonthUsage: '1' })], { now }).tripped).toEqual([])
  })
})
