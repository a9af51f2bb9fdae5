import { sumUsd, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import { type AnalyticsScope, addUtcDays, dashboardWindow } from './periods'
import { whereOrganization } from './scope'

export interface DailyCost {
  /** 'YYYY-MM-DD' (UTC) */
  day: string
  cost: Usd
  requests: number
}

/**
 * Cost per day for the last `days` days, today included (live from the logs), oldest first, one
 * point per day (days without spend are 0). Earlier days come from `ai_usage_daily`.
 */
export async function getDailyCostSeries(
  db: Db,
  scope: AnalyticsScope & { days?: number },
): Promise<DailyCost[]> {
  const days = scope.days ?? 30
  const { today, todayStart, todayEnd } = dashboardWindow(scope.now)
  const first = addUtcDays(today, -(days - 1))
  const [rows, live] = await Promise.all([
    whereOrganization(
      db('ai_usage_daily')
        .select(db.raw('date::text as day'), db.raw('sum(total_cost) as cost'))
        .select(db.raw('sum(request_count)::bigint as requests'))
        .where('date', '>=', first)
        .where('date', '<', today)
        .groupBy('date'),
      scope.organizationId,
    ) as Promise<Array<{ day: string; cost: Usd; requests: number }>>,
    whereOrganization(
      db('ai_usage_logs')
        .first(db.raw('coalesce(sum(cost), 0) as cost'), db.raw('count(*)::bigint as requests'))
        .where('created_at', '>=', todayStart)
        .where('created_at', '<', todayEnd),
      scope.organizationId,
    ) as Promise<{ cost: Usd; requests: number }>,
  ])
  const byDay = new Map(rows.map((r) => [r.day, r]))
  const series: DailyCost[] = []
  for (let day = first; day <= today; day = addUtcDays(day, 1)) {
    const row = day === today ? live : byDay.get(day)
    series.push({ day, cost: sumUsd([row?.cost ?? '0']), requests: Number(row?.requests ?? 0) })
  }
  return series
}
