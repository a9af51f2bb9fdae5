import type { Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import { type AnalyticsScope, dashboardWindow } from './dashboard-window'
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
  // One statement (the days rolled up, then today live): callers may run it in a transaction,
  // whose connection takes one query at a time.
  const rows: Array<{ day: string } & DayFigures> = await db.unionAll(
    [
      whereOrganization(
        db('ai_usage_daily_totals')
          .select(db.raw('date::text as day'), db.raw('sum(total_cost) as cost'))
          .select(db.raw('sum(request_count)::bigint as requests'))
          .where('date', '>=', from)
          .where('date', '<', today)
          .groupBy('date'),
        scope.organizationId,
      ),
      whereOrganization(
        db('ai_usage_logs')
          .select(db.raw('?::text as day', [today]), db.raw('coalesce(sum(cost), 0) as cost'))
          .select(db.raw('count(*)::bigint as requests'))
          .where('created_at', '>=', todayStart)
          .where('created_at', '<', todayEnd),
        scope.organizationId,
      ),
    ],
    true,
  )
  const byDay = new Map<string, DayFigures>()
  // The live row is today's: it belongs only when the range reaches today.
  for (const r of rows)
    if (r.day !== today || from <= today) byDay.set(r.day, { cost: r.cost, requests: Number(r.requests) })
  return byDay
}
