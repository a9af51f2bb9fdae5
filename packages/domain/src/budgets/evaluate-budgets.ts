import { Decimal, roundUsd, toDecimal, type Usd } from '../money'
import { BUDGET_SCOPE_ORDER, type Budget, type BudgetScope, budgetScope } from './budget'
import {
  type BudgetPeriod,
  DEFAULT_BUDGET_PERIOD,
  DEFAULT_BUDGET_TIME_ZONE,
  PERIOD_LABELS,
  periodStart,
} from './budget-period'
import type { BudgetLevel, BudgetStatus } from './budget-status'

export interface BudgetEvaluation {
  budgetId: number
  scope: BudgetScope
  userId: number | null
  projectId: number | null
  apiKeyId: number | null
  period: BudgetPeriod
  /** 'YYYY-MM-DD' (in the budget's zone): the period `usage` is for, the one containing `now`. */
  periodStart: string
  limit: Usd
  /** Spent this period. */
  usage: Usd
  /** Held by reservations of calls in flight (checked, not logged yet), counted as spent. */
  reserved: Usd
  /** Spent this period, plus what is reserved, plus the estimated cost of the coming call. */
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
  /** Every applicable budget that has a limit: the organization's first, then project, API key, user. */
  budgets: BudgetEvaluation[]
  /** Each budget that made the status what it is (warning, exceeded or blocking); empty when ok. */
  tripped: TrippedBudget[]
  /** True when status is 'exceeded': the end user must confirm an override before the call. */
  requiresConfirmation: boolean
  message: string
}

/** A budget named by a check's result as the reason it is not ok. */
export interface TrippedBudget {
  budgetId: number
  scope: BudgetScope
  period: BudgetPeriod
  status: Exclude<BudgetLevel, 'ok'>
}

export interface EvaluateOptions {
  now: Date
  estimatedCost?: Usd | null | undefined
  /**
   * Per budget id, the amount held by unexpired reservations of calls in flight. It counts as
   * spent in the budget's current period whatever the counter's period (the calls are logged
   * now), so concurrent callers see each other. Absent: nothing reserved.
   */
  reserved?: ReadonlyMap<number, Usd> | undefined
}

/**
 * Evaluates the budgets that apply to a call. Inactive budgets and budgets without a limit never
 * block. A counter still on an older period counts as 0 (its period turned over before the next
 * call was recorded). `exceeded` needs every exceeded budget to allow override; one that forbids it makes
 * the result `blocked`.
 */
export function evaluateBudgets(budgets: readonly Budget[], options: EvaluateOptions): BudgetCheckResult {
  const estimate = options.estimatedCost ? toDecimal(options.estimatedCost) : new Decimal(0)
  const evaluations = budgets
    .filter((b) => b.isActive && b.monthlyLimit != null)
    .sort((a, b) => BUDGET_SCOPE_ORDER[budgetScope(a)] - BUDGET_SCOPE_ORDER[budgetScope(b)])
    .map((budget) => {
      const reserved = options.reserved?.get(budget.id)
      return evaluateOne(budget, options.now, estimate, reserved ? toDecimal(reserved) : new Decimal(0))
    })

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
    tripped: tripped.map((e) => ({
      budgetId: e.budgetId,
      scope: e.scope,
      period: e.period,
      status: e.status as TrippedBudget['status'],
    })),
    requiresConfirmation: status === 'exceeded',
    message:
      status === 'ok'
        ? 'Within budget.'
        : `${tripped.map((e) => e.message).join(' ')}${status === 'blocked' ? ' This budget does not allow overrides.' : status === 'exceeded' ? ' Confirm to continue anyway.' : ''}`,
  }
}

const SCOPE_NAMES: Record<BudgetScope, string> = {
  organization: "The organization's",
  user: "This user's",
  project: "This project's",
  api_key: "This API key's",
}

function evaluateOne(budget: Budget, now: Date, estimate: Decimal, reserved: Decimal): BudgetEvaluation {
  const limit = toDecimal(budget.monthlyLimit as Usd)
  const period = budget.period ?? DEFAULT_BUDGET_PERIOD
  const start = periodStart(period, budget.timeZone ?? DEFAULT_BUDGET_TIME_ZONE, now)
  const usage = budget.currentPeriodStart < start ? new Decimal(0) : toDecimal(budget.currentMonthUsage)
  const projected = usage.plus(reserved).plus(estimate)
  const threshold = toDecimal(budget.warningThreshold)
  const percent = limit.isZero() ? null : projected.div(limit).times(100).toDecimalPlaces(2).toNumber()
  const status = projected.gte(limit)
    ? 'exceeded'
    : projected.gte(limit.times(threshold).div(100))
      ? 'warning'
      : 'ok'
  const scope = budgetScope(budget)
  const name = `${SCOPE_NAMES[scope]} ${PERIOD_LABELS[period]}`
  const spent = `$${formatPlain(projected)} of $${formatPlain(limit)}${percent === null ? '' : ` (${percent}%)`}`
  return {
    budgetId: budget.id,
    scope,
    userId: budget.userId,
    projectId: budget.projectId ?? null,
    apiKeyId: budget.apiKeyId ?? null,
    period,
    periodStart: start,
    limit: roundUsd(limit, 2),
    usage: roundUsd(usage),
    reserved: roundUsd(reserved),
    projectedUsage: roundUsd(projected),
    remaining: roundUsd(Decimal.max(limit.minus(projected), 0)),
    percent,
    threshold: threshold.toNumber(),
    status,
    allowOverride: budget.allowOverride,
    message:
      status === 'exceeded'
        ? `${name} AI budget is used up: ${spent}.`
        : status === 'warning'
          ? `${name} AI budget is at ${spent}, past its ${threshold.toNumber()}% warning threshold.`
          : `${name} AI budget is at ${spent}.`,
  }
}

function formatPlain(value: Decimal): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP)
}
