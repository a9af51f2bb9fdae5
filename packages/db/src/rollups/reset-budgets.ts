import { utcMonthStart } from '@tokenledger/domain'
import type { Db } from '../knex'

export interface BudgetReset {
  /** 'YYYY-MM-01': the period the reset counters now belong to. */
  periodStart: string
  /** Counters that were on an older period and are now zero. */
  reset: number
  durationMs: number
}

/**
 * Zeroes the monthly counter of every budget still on a period before the current UTC month and
 * moves it to this month. Idempotent: a second run in the same month finds nothing to reset, and a
 * counter the record path already moved to this month (it resets lazily too) is left alone.
 */
export async function resetBudgets(db: Db, now: Date = new Date()): Promise<BudgetReset> {
  const startedAt = performance.now()
  const periodStart = utcMonthStart(now)
  const rows = await db('ai_budgets')
    .where('current_period_start', '<', periodStart)
    .update({ current_month_usage: 0, current_period_start: periodStart, updated_at: db.fn.now() })
  return { periodStart, reset: rows, durationMs: Math.round(performance.now() - startedAt) }
}
