import { utcMonthStart } from '@tokenledger/domain'
import type { Db } from '../knex'

export interface BudgetReset {
  /** 'YYYY-MM-01': the UTC month that monthly UTC budgets' reset counters now belong to. */
  periodStart: string
  /** Counters that were on an older period and are now zero. */
  reset: number
  durationMs: number
}

/**
 * Zeroes the counter of every budget still on a period before its current one and moves it to
 * that period: the month, week (from Monday) or day containing `now` in the budget's zone
 * (`tokenledger_budget_period_start`, the record path's own rule). Never a period start that is
 * not the budget's: a weekly counter is moved to a Monday, not to the 1st. Idempotent: a second
 * run in the same period finds nothing to reset, and a counter the record path already moved
 * (it resets lazily, and checks read an older period as 0) is left alone. So weekly and daily
 * budgets need no job of their own; the monthly run only tidies their counters.
 */
export async function resetBudgets(db: Db, now: Date = new Date()): Promise<BudgetReset> {
  const startedAt = performance.now()
  const current = db.raw('tokenledger_budget_period_start(period, period_time_zone, ?::timestamptz)', [now])
  const rows = await db('ai_budgets')
    .where('current_period_start', '<', current)
    .update({ current_month_usage: 0, current_period_start: current, updated_at: db.fn.now() })
  return {
    periodStart: utcMonthStart(now),
    reset: rows,
    durationMs: Math.round(performance.now() - startedAt),
  }
}
