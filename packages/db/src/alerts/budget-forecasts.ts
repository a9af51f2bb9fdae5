import {
  forecastMonthEnd,
  type MonthEndForecast,
  toDecimal,
  type Usd,
  utcDay,
  utcMonthStart,
} from '@tokenledger/domain'
import type { Knex } from 'knex'
import type { Db } from '../knex'
import { recordAlerts } from './record-alerts'

/**
 * Month-end forecasts for budgets (all, or the ids given), at `now`. The days before today come
 * from the daily rollup (the organization's total, or the user's); today is what the budget's
 * counter holds beyond them, so the month so far always equals the counter the checks use. A
 * counter still on an older month counts as no spend this month.
 */
export async function forecastBudgets(
  db: Db,
  now: Date,
  budgetIds?: number[],
): Promise<Map<number, MonthEndForecast>> {
  const monthStart = utcMonthStart(now)
  const today = utcDay(now)
  const query = db('ai_budgets').select(
    'id',
    'organization_id',
    'user_id',
    'monthly_limit',
    'current_month_usage',
    'current_period_start',
  )
  if (budgetIds) query.whereIn('id', budgetIds)
  forecastable(query)
  const budgets: Array<{
    id: number
    organization_id: number
    user_id: number | null
    monthly_limit: Usd | null
    current_month_usage: Usd
    current_period_start: string
  }> = await query
  const forecasts = new Map<number, MonthEndForecast>()
  if (!budgets.length) return forecasts
  const orgs = [...new Set(budgets.map((b) => b.organization_id))]
  const { rows } = await db.raw(
    `select organization_id, case when grouping(user_id) = 1 then null else user_id end as user_id,
            grouping(user_id) = 1 as whole_org, date::text as day, sum(total_cost)::text as cost
     from ai_usage_daily
     where date >= ? and date < ? and organization_id = any(?)
     group by grouping sets ((organization_id, date), (organization_id, user_id, date))`,
    [monthStart, today, orgs],
  )
  const days = new Map<string, Array<{ day: string; cost: Usd }>>()
  for (const r of rows as Array<{
    organization_id: number
    user_id: number | null
    whole_org: boolean
    day: string
    cost: Usd
  }>) {
    if (!r.whole_org && r.user_id == null) continue // calls without a user count only for the organization
    const key = `${r.organization_id}|${r.whole_org ? '' : r.user_id}`
    days.set(key, [...(days.get(key) ?? []), { day: r.day, cost: r.cost }])
  }
  for (const b of budgets) {
    const past = days.get(`${b.organization_id}|${b.user_id ?? ''}`) ?? []
    const counted = b.current_period_start === monthStart ? toDecimal(b.current_month_usage) : toDecimal(0)
    const pastTotal = past.reduce((sum, d) => sum.plus(toDecimal(d.cost)), toDecimal(0))
    const todayCost = counted.minus(pastTotal)
    const dailyCosts = todayCost.gt(0) ? [...past, { day: today, cost: todayCost.toFixed() }] : past
    forecasts.set(b.id, forecastMonthEnd({ monthStart, now, dailyCosts, limit: b.monthly_limit }))
  }
  return forecasts
}

/**
 * Records a `will_exceed` alert for each active budget with a limit, not used up yet, that its
 * forecast says will be by month end: once per budget and month (the unique key).
 */
export async function recordWillExceedAlerts(db: Db, now: Date): Promise<number> {
  const monthStart = utcMonthStart(now)
  const candidates: Array<{
    id: number
    organization_id: number
    user_id: number | null
    monthly_limit: Usd
  }> = await db('ai_budgets as b')
    .where('b.is_active', true)
    .whereNotNull('b.monthly_limit')
    .where('b.current_period_start', monthStart)
    .whereRaw('b.current_month_usage < b.monthly_limit')
    .modify(forecastable, 'b.')
    .whereNotExists(
      db('ai_budget_alerts as a')
        .whereRaw('a.budget_id = b.id')
        .where({ 'a.kind': 'will_exceed', 'a.period_start': monthStart }),
    )
    .select('b.id', 'b.organization_id', 'b.user_id', 'b.monthly_limit')
  if (!candidates.length) return 0
  const forecasts = await forecastBudgets(
    db,
    now,
    candidates.map((c) => c.id),
  )
  const alerts = candidates.flatMap((b) => {
    const forecast = forecasts.get(b.id)
    if (!forecast?.willExceed) return []
    return [
      {
        organizationId: b.organization_id,
        budgetId: b.id,
        userId: b.user_id,
        kind: 'will_exceed' as const,
        periodStart: monthStart,
        details: {
          limit: b.monthly_limit,
          spentSoFar: forecast.spentSoFar,
          projectedTotal: forecast.projectedTotal,
          limitReachedOn: forecast.limitReachedOn,
          method: forecast.method,
        },
      },
    ]
  })
  return (await recordAlerts(db, alerts)).length
}

/** Budgets a month-end forecast is made for: monthly, in UTC, of an organization or a user. */
function forecastable(query: Knex.QueryBuilder, prefix = ''): void {
  query
    .where(`${prefix}period`, 'monthly')
    .where(`${prefix}period_time_zone`, 'UTC')
    .whereNull(`${prefix}project_id`)
    .whereNull(`${prefix}api_key_id`)
}

/**
 * This month's projected total spend over all organizations (the dashboard's card), from the
 * daily rollup (today's row is refreshed every few minutes).
 */
export async function forecastTotalSpend(db: Db, now: Date): Promise<MonthEndForecast> {
  const monthStart = utcMonthStart(now)
  const { rows } = await db.raw(
    `select date::text as day, sum(total_cost)::text as cost from ai_usage_daily
     where date >= ? and date <= ? group by date`,
    [monthStart, utcDay(now)],
  )
  return forecastMonthEnd({ monthStart, now, dailyCosts: rows, limit: null })
}
