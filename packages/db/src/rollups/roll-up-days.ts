import { formatUtcMonth, type UtcMonth, utcMonthOfDay } from '@tokenledger/domain'
import type { Db } from '../knex'
import { aggregateDaily, type DailyRollup } from './aggregate-daily'
import { aggregateMonthly, type MonthlyRollup } from './aggregate-monthly'

export interface DaysRollup {
  /** One per day, in the order given. */
  days: DailyRollup[]
  /** One per month the days fall in, in order of first appearance. */
  months: MonthlyRollup[]
}

/**
 * "Aggregate the day, then its month": each day into `ai_usage_daily` (and the dashboard rollups),
 * then once each month those days touched into `ai_usage_monthly`, so month-to-date rows follow
 * their days. The nightly job, refresh-today and the CLI all run this.
 */
export async function rollUpDays(
  db: Db,
  days: readonly string[],
  onDay?: (result: DailyRollup) => void,
): Promise<DaysRollup> {
  const results: DailyRollup[] = []
  const months = new Map<string, UtcMonth>()
  // The dashboard's month tables are rebuilt with each month's last day only (and again by
  // aggregateMonthly): that last run writes the month and its day together, which is what the
  // dashboard's "month minus today" needs when the last day is today.
  const lastOfMonth = new Map(days.map((day) => [day.slice(0, 7), day]))
  for (const day of days) {
    const result = await aggregateDaily(db, day, { withMonth: lastOfMonth.get(day.slice(0, 7)) === day })
    results.push(result)
    onDay?.(result)
    const month = utcMonthOfDay(day)
    months.set(formatUtcMonth(month), month)
  }
  const monthly: MonthlyRollup[] = []
  for (const { year, month } of months.values()) monthly.push(await aggregateMonthly(db, year, month))
  return { days: results, months: monthly }
}
