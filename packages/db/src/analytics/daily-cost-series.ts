import { addUtcDays, sumUsd, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import { loadDailyCosts } from './daily-costs'
import { type AnalyticsScope, dashboardWindow } from './dashboard-window'
import { withoutParallelWorkers } from './serial-read'

export interface DailyCost {
  /** 'YYYY-MM-DD' (UTC) */
  day: string
  cost: Usd
  requests: number
}

/**
 * Cost per day for the last `days` days, today included (live from the logs), oldest first, one
 * point per day (days without spend are 0). Earlier days come from `ai_usage_daily_totals`.
 */
export async function getDailyCostSeries(
  db: Db,
  scope: AnalyticsScope & { days?: number },
): Promise<DailyCost[]> {
  const days = scope.days ?? 30
  const { today } = dashboardWindow(scope.now)
  const first = addUtcDays(today, -(days - 1))
  const byDay = await withoutParallelWorkers(db, (trx) => loadDailyCosts(trx, scope, first))
  const series: DailyCost[] = []
  for (let day = first; day <= today; day = addUtcDays(day, 1)) {
    const row = byDay.get(day)
    series.push({ day, cost: sumUsd([row?.cost ?? '0']), requests: row?.requests ?? 0 })
  }
  return series
}
