import type { Knex } from 'knex'
import type { Db } from '../knex'
import type { DashboardGrain } from '../rollups/dashboard-rollups'
import { type AnalyticsScope, dashboardWindow } from './dashboard-window'
import { whereOrganization } from './scope'

type Dimension = 'organization_id' | 'user_id' | 'provider' | 'category'

/** The smallest dashboard rollup that has every dimension asked for. */
function grainFor(dimensions: readonly Dimension[]): DashboardGrain {
  const split = dimensions.some((d) => d === 'provider' || d === 'category')
  if (dimensions.includes('user_id')) {
    if (split) throw new Error('no dashboard rollup splits users by provider or category')
    return 'users'
  }
  return split ? 'breakdown' : 'totals'
}

/**
 * This month's spend as rows of (dimensions..., cost, requests), for the "this month by X" widgets
 * to group further, following periods.ts' rule (the month's days before today rolled up, today live):
 *
 *   ai_usage_monthly_<grain> (this month)  −  ai_usage_daily_<grain> (today)  +  today's logs
 *
 * The month row includes today as of the last refresh and today's daily row is exactly that part
 * (aggregateDaily writes both in one transaction, and this is one statement, so one snapshot),
 * which leaves the days before today: a few thousand rows whatever the day of the month. Rows come
 * out grouped by the dimensions; keys without a request (a month part that cancels out) are left out.
 */
export function monthSpend(
  db: Db,
  scope: AnalyticsScope,
  dimensions: readonly Dimension[],
): Knex.QueryBuilder {
  const grain = grainFor(dimensions)
  const { today, todayStart, todayEnd } = dashboardWindow(scope.now)
  const [year, month] = today.split('-').map(Number) as [number, number]
  const monthRows = whereOrganization(
    db(`ai_usage_monthly_${grain}`)
      .select(...dimensions)
      .select({ cost: 'total_cost', requests: 'request_count' })
      .where({ year, month }),
    scope.organizationId,
  )
  const todayRows = whereOrganization(
    db(`ai_usage_daily_${grain}`)
      .select(...dimensions)
      .select(db.raw('-total_cost as cost'), db.raw('-request_count as requests'))
      .where('date', today),
    scope.organizationId,
  )
  const live = whereOrganization(
    db('ai_usage_logs')
      .select(...dimensions)
      .select(db.raw('coalesce(sum(cost), 0) as cost'), db.raw('count(*)::bigint as requests'))
      .where('created_at', '>=', todayStart)
      .where('created_at', '<', todayEnd)
      .groupBy(...dimensions),
    scope.organizationId,
  )
  return db
    .from(monthRows.unionAll([todayRows, live], true).as('parts'))
    .select(...dimensions)
    .select(db.raw('sum(cost) as cost'), db.raw('sum(requests)::bigint as requests'))
    .groupBy(...dimensions)
    .havingRaw('sum(requests) <> 0')
}
