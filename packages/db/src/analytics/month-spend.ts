import type { Knex } from 'knex'
import type { Db } from '../knex'
import { type AnalyticsScope, dashboardWindow, utcMonthFirstDay } from './periods'
import { whereOrganization } from './scope'

/**
 * This month's spend as rows of (dimensions..., cost, requests): the month's days before today from
 * `ai_usage_daily`, today live from `ai_usage_logs` (see periods.ts). A subquery for the "this
 * month by X" widgets to group; unpriced calls count as requests and add nothing to cost.
 */
export function monthSpend(
  db: Db,
  scope: AnalyticsScope,
  dimensions: ReadonlyArray<'organization_id' | 'user_id' | 'provider' | 'model' | 'category'>,
): Knex.QueryBuilder {
  const { today, todayStart, todayEnd } = dashboardWindow(scope.now)
  const rolledUp = whereOrganization(
    db('ai_usage_daily')
      .select(...dimensions)
      .select({ cost: 'total_cost', requests: 'request_count' })
      .where('date', '>=', utcMonthFirstDay(today))
      .where('date', '<', today),
    scope.organizationId,
  )
  const live = whereOrganization(
    db('ai_usage_logs')
      .select(...dimensions)
      .select(db.raw('coalesce(sum(cost), 0) as cost'), db.raw('count(*)::integer as requests'))
      .where('created_at', '>=', todayStart)
      .where('created_at', '<', todayEnd)
      .groupBy(...dimensions),
    scope.organizationId,
  )
  return rolledUp.unionAll(live, true)
}
