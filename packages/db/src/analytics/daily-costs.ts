import type { Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import { type AnalyticsScope, dashboardWindow } from './periods'
import { whereOrganization } from './scope'

export interface DayFigures {
  cost: Usd
  requests: number
}

/**
 * Cost and requests per UTC day from `from` to today: days before today from
 * `ai_usage_daily_totals` (one row per organization and day), today live from `ai_usage_logs` (the
 * dashboard's today rule). Days without spend are absent.
 */
export async function loadDailyCosts(
  db: Db,
  scope: AnalyticsScope,
  from: string,
): Promise<Map<string, DayFigures>> {
  const { today, todayStart, todayEnd } = dashboardWindow(scope.now)
  const [rows, live] = await Promise.all([
    whereOrganization(
      db('ai_usage_daily_totals')
        .select(db.raw('date::text as day'), db.raw('sum(total_cost) as cost'))
        .select(db.raw('sum(request_count)::bigint as requests'))
        .where('date', '>=', from)
        .where('date', '<', today)
        .groupBy('date'),
      scope.organizationId,
    ) as Promise<Array<{ day: string } & DayFigures>>,
    whereOrganization(
      db('ai_usage_logs')
        .first(db.raw('coalesce(sum(cost), 0) as cost'), db.raw('count(*)::bigint as requests'))
        .where('created_at', '>=', todayStart)
        .where('created_at', '<', todayEnd),
      scope.organizationId,
    ) as Promise<DayFigures>,
  ])
  const byDay = new Map(rows.map((r) => [r.day, { cost: r.cost, requests: Number(r.requests) }]))
  if (from <= today) byDay.set(today, { cost: live.cost, requests: Number(live.requests) })
  return byDay
}
