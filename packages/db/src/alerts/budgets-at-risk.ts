import { type BudgetPeriod, type PeriodForecast, toDecimal, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import { forecastBudgets, WILL_EXCEED_MIN_ELAPSED_MS } from './budget-forecasts'

/**
 * The pre-filter's slack: a budget is forecast when its plain pace since the period start projects
 * at least this share of its limit. The weekday-weighted forecast rarely projects more than about
 * twice the plain pace (quiet weekends behind, weekdays ahead), so half the limit keeps what it
 * flags in practice, while budgets far below their limit are never forecast. It is a heuristic:
 * a very skewed period (all the spend on the one complete weekday so far) can project further;
 * the worker's `will_exceed` alert still forecasts every budget.
 */
export const AT_RISK_PACE_SHARE = '0.5'

/**
 * Ids of the budgets that can plausibly exceed their limit this period, by one SQL pass over
 * `ai_budgets` (no logs, no rollups): active, with a limit, the counter on its current period
 * (an older one spent nothing yet), and either already at the limit or spending at a pace —
 * counter × period length ÷ time elapsed since the period start — of at least `paceShare` × the
 * limit, from 3 hours into the period on (`WILL_EXCEED_MIN_ELAPSED_MS`, as the alert: just after
 * midnight any spend paces past the limit). Periods are read in each budget's zone, as the
 * counters are.
 */
export async function plausibleOverrunBudgetIds(
  db: Db,
  now: Date,
  paceShare: string = AT_RISK_PACE_SHARE,
): Promise<number[]> {
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(paceShare) || Number(paceShare) === 0)
    throw new RangeError(`paceShare must be a decimal in (0, 1], got ${JSON.stringify(paceShare)}`)
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date')
  const at = now.toISOString()
  const { rows } = await db.raw(
    `select b.id
     from ai_budgets b
     cross join lateral (
       select b.current_period_start::timestamp at time zone b.period_time_zone as starts,
              (b.current_period_start + case b.period when 'monthly' then interval '1 month'
                 when 'weekly' then interval '7 days' else interval '1 day' end)::timestamp
                at time zone b.period_time_zone as ends
     ) p
     where b.is_active and b.monthly_limit is not null and b.current_month_usage > 0
       and b.current_period_start = tokenledger_budget_period_start(b.period, b.period_time_zone, ?::timestamptz)
       and (b.current_month_usage >= b.monthly_limit
         or (?::timestamptz - p.starts >= make_interval(secs => ?)
           and b.current_month_usage * extract(epoch from p.ends - p.starts)
             >= b.monthly_limit * ?::numeric * extract(epoch from ?::timestamptz - p.starts)))
     order by b.id`,
    [at, at, WILL_EXCEED_MIN_ELAPSED_MS / 1000, paceShare, at],
  )
  return rows.map((r: { id: string | number }) => Number(r.id))
}

export interface BudgetAtRisk {
  id: number
  organizationId: number
  organizationName: string
  userId: number | null
  userName: string | null
  userEmail: string | null
  userExternalId: string | null
  projectId: number | null
  projectName: string | null
  projectExternalId: string | null
  apiKeyId: number | null
  apiKeyName: string | null
  period: BudgetPeriod
  timeZone: string
  limit: Usd
  forecast: PeriodForecast
}

/**
 * The budgets forecast to reach their limit by their period's end (or already past it), soonest
 * limit day first (then the largest projection over the limit, then id). Only the pre-filter's
 * candidates (`plausibleOverrunBudgetIds`) are forecast, so the cost follows the budgets on a
 * fast pace, not every budget of the install. `candidates` says how many were forecast; a
 * caller that already ran the pre-filter (to key a cache on it) passes its ids.
 */
export async function findBudgetsAtRisk(
  db: Db,
  now: Date,
  candidateIds?: number[],
): Promise<{ budgets: BudgetAtRisk[]; candidates: number }> {
  const ids = candidateIds ?? (await plausibleOverrunBudgetIds(db, now))
  if (!ids.length) return { budgets: [], candidates: 0 }
  const forecasts = await forecastBudgets(db, now, ids)
  const atRisk = ids.filter((id) => forecasts.get(id)?.willExceed)
  if (!atRisk.length) return { budgets: [], candidates: ids.length }
  const rows: Array<{
    id: number
    organization_id: number
    organization_name: string
    user_id: number | null
    user_name: string | null
    user_email: string | null
    user_external_id: string | null
    project_id: number | null
    project_name: string | null
    project_external_id: string | null
    api_key_id: number | null
    api_key_name: string | null
    period: BudgetPeriod
    period_time_zone: string
    monthly_limit: Usd
  }> = await db('ai_budgets as b')
    .join('organizations as o', 'o.id', 'b.organization_id')
    .leftJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('projects as p', 'p.id', 'b.project_id')
    .leftJoin('api_keys as k', 'k.id', 'b.api_key_id')
    .whereIn('b.id', atRisk)
    .select(
      'b.id',
      'b.organization_id',
      'o.name as organization_name',
      'b.user_id',
      'u.name as user_name',
      'u.email as user_email',
      'u.external_id as user_external_id',
      'b.project_id',
      'p.name as project_name',
      'p.external_id as project_external_id',
      'b.api_key_id',
      'k.name as api_key_name',
      'b.period',
      'b.period_time_zone',
      'b.monthly_limit',
    )
  const budgets = rows.map(
    (r): BudgetAtRisk => ({
      id: Number(r.id),
      organizationId: Number(r.organization_id),
      organizationName: r.organization_name,
      userId: r.user_id == null ? null : Number(r.user_id),
      userName: r.user_name,
      userEmail: r.user_email,
      userExternalId: r.user_external_id,
      projectId: r.project_id == null ? null : Number(r.project_id),
      projectName: r.project_name,
      projectExternalId: r.project_external_id,
      apiKeyId: r.api_key_id == null ? null : Number(r.api_key_id),
      apiKeyName: r.api_key_name,
      period: r.period,
      timeZone: r.period_time_zone,
      limit: r.monthly_limit,
      forecast: forecasts.get(Number(r.id)) as PeriodForecast,
    }),
  )
  return { budgets: budgets.sort(byLimitDay), candidates: ids.length }
}

/** Soonest limit day first; on the same day, the projection furthest past its limit first. */
export function byLimitDay(
  a: Pick<BudgetAtRisk, 'id' | 'limit' | 'forecast'>,
  b: Pick<BudgetAtRisk, 'id' | 'limit' | 'forecast'>,
): number {
  const dayA = a.forecast.limitReachedOn ?? '9999-12-31'
  const dayB = b.forecast.limitReachedOn ?? '9999-12-31'
  if (dayA !== dayB) return dayA < dayB ? -1 : 1
  // A limit of 0 is over by any spend: first.
  const over = (x: typeof a) =>
    toDecimal(x.limit).isZero()
      ? toDecimal(Number.MAX_SAFE_INTEGER)
      : toDecimal(x.forecast.projectedTotal).div(toDecimal(x.limit))
  return over(b).comparedTo(over(a)) || a.id - b.id
}
