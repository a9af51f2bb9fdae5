import { Decimal, roundUsd, toDecimal, type Usd } from '../money'
import { utcMonthStart } from '../periods'
import { type Budget, type BudgetScope, budgetScope } from './budget'
import type { BudgetLevel, BudgetStatus } from './budget-status'

export interface BudgetEvaluation {
  budgetId: number
  scope: BudgetScope
  userId: number | null
  limit: Usd
  /** Spent this month. */
  usage: Usd
  /** Spent this month plus the estimated cost of the coming call. */
  projectedUsage: Usd
  remaining: Usd
  /** projectedUsage as a percent of the limit, two decimals; null when the limit is 0. */
  percent: number | null
  threshold: number
  status: BudgetLevel
  allowOverride: boolean
  message: string
}

export interface BudgetCheckResult {
  status: BudgetStatus
  /** Every applicable budget that has a limit: the organization's first, then the user's. */
  budgets: BudgetEvaluation[]
  /** True when status is 'exceeded': the end user must confirm an override before the call. */
  requiresConfirmation: boolean
  message: string
}

/**
 * Evaluates the budgets that apply to a call. Inactive budgets and budgets without a limit never
 * block. A counter still on an older month counts as 0 (the month turned over before the reset
 * job ran). `exceeded` needs every exceeded budget to allow override; one that forbids it makes
 * the result `blocked`.
 */
export function evaluateBudgets(
  budgets: readonly Budget[],
  options: { now: Date; estimatedCost?: Usd | null | undefined },
): BudgetCheckResult {
  const period = utcMonthStart(options.now)
  const estimate = options.estimatedCost ? toDecimal(options.estimatedCost) : new Decimal(0)
  const evaluations = budgets
    .filter((b) => b.isActive && b.monthlyLimit != null)
    .sort((a, b) => Number(a.userId != null) - Number(b.userId != null))
    .map((budget) => evaluateOne(budget, period, estimate))

  const exceeded = evaluations.filter((e) => e.status === 'exceeded')
  const status: BudgetStatus = exceeded.some((e) => !e.allowOverride)
    ? 'blocked'
    : exceeded.length
      ? 'exceeded'
      : evaluations.some((e) => e.status === 'warning')
        ? 'warning'
        : 'ok'
  const tripped = status === 'ok' ? [] : evaluations.filter((e) => e.status !== 'ok')
  return {
    status,
    budgets: evaluations,
    requiresConfirmation: status === 'exceeded',
    message:
      status === 'ok'
        ? 'Within budget.'
        : `${tripped.map((e) => e.message).join(' ')}${status === 'blocked' ? ' This budget does not allow overrides.' : status === 'exceeded' ? ' Confirm to continue anyway.' : ''}`,
  }
}

function evaluateOne(budget: Budget, period: string, estimate: Decimal): BudgetEvaluation {
  const limit = toDecimal(budget.monthlyLimit as Usd)
  const usage = budget.currentPeriodStart < period ? new Decimal(0) : toDecimal(budget.currentMonthUsage)
  const projected = usage.plus(estimate)
  const threshold = toDecimal(budget.warningThreshold)
  const percent = limit.isZero() ? null : projected.div(limit).times(100).toDecimalPlaces(2).toNumber()
  const status = projected.gte(limit)
    ? 'exceeded'
    : projected.gte(limit.times(threshold).div(100))
      ? 'warning'
      : 'ok'
  const scope = budgetScope(budget)
  const name = scope === 'organization' ? "The organization's" : "This user's"
  const spent = `$${formatPlain(projected)} of $${formatPlain(limit)}${percent === null ? '' : ` (${percent}%)`}`
  return {
    budgetId: budget.id,
    scope,
    userId: budget.userId,
    limit: roundUsd(limit, 2),
    usage: roundUsd(usage),
    projectedUsage: roundUsd(projected),
    remaining: roundUsd(Decimal.max(limit.minus(projected), 0)),
    percent,
    threshold: threshold.toNumber(),
    status,
    allowOverride: budget.allowOverride,
    message:
      status === 'exceeded'
        ? `${name} monthly AI budget is used up: ${spent}.`
        : status === 'warning'
          ? `${name} monthly AI budget is at ${spent}, past its ${threshold.toNumber()}% warning threshold.`
          : `${name} monthly AI budget is at ${spent}.`,
  }
}

function formatPlain(value: Decimal): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP)
}
