import { utcDay, utcDayBounds } from '@tokenledger/domain'

/**
 * The one rule every dashboard figure follows ("today is live, the past is rolled up"):
 * - today, the current UTC day, is always read from `ai_usage_logs` (a range on the
 *   `(created_at, id)` index), so it is live to the second;
 * - every earlier day is read from the dashboard rollups (`ai_usage_daily_totals` for per-day
 *   figures); rows dated today (written every few minutes by refresh-today) are not counted as
 *   today, so nothing is counted twice;
 * - "this month by X" reads the month's `ai_usage_monthly_<grain>` row minus today's
 *   `ai_usage_daily_<grain>` row (see month-spend.ts), months before the current month
 *   `ai_usage_monthly_totals` (all-time total).
 */
export interface DashboardWindow {
  /** 'YYYY-MM-DD', the current UTC day. */
  today: string
  /** [todayStart, todayEnd): the live part, read from the logs. */
  todayStart: Date
  todayEnd: Date
}

export interface AnalyticsScope {
  /** The clock: which day is "today" (UTC). */
  now: Date
  /** Only this organization's spend; everything when absent. */
  organizationId?: number | null | undefined
}

export function dashboardWindow(now: Date): DashboardWindow {
  const today = utcDay(now)
  const { start, end } = utcDayBounds(today)
  return { today, todayStart: start, todayEnd: end }
}
