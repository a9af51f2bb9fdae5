import {
  type BudgetPeriod,
  forecastMonthEnd,
  forecastPeriodEnd,
  type MonthEndForecast,
  type PeriodForecast,
  periodBounds,
  toDecimal,
  type Usd,
  utcDay,
  utcMonthStart,
  zonedDayOf,
  zonedDayStart,
} from '@tokenledger/domain'
import type { Db } from '../knex'
import { recordAlerts } from './record-alerts'

interface ForecastBudgetRow {
  id: number
  organization_id: number
  user_id: number | null
  project_id: number | null
  api_key_id: number | null
  period: BudgetPeriod
  period_time_zone: string
  monthly_limit: Usd | null
  current_month_usage: Usd
  current_period_start: string
}

type DailyCosts = Array<{ day: string; cost: Usd }>

/** A budget with the instants its period so far spans: [from, today), then today. */
interface PeriodSoFar {
  budget: ForecastBudgetRow
  start: string
  from: Date
  todayStart: Date
  today: string
}

/**
 * Period-end forecasts for budgets (all, or the ids given), at `now`, each in its own period and
 * zone. The complete days of the period so far come from the daily rollup when it can tell them
 * (UTC days of an organization or one of its users), else from the logs (a project's or key's
 * budget, or days of another zone); today is what the budget's counter holds beyond them, so the
 * period so far always equals the counter the checks use. A counter still on an older period
 * counts as no spend this period.
 */
export async function forecastBudgets(
  db: Db,
  now: Date,
  budgetIds?: number[],
): Promise<Map<number, PeriodForecast>> {
  const query = db('ai_budgets').select(
    'id',
    'organization_id',
    'user_id',
    'project_id',
    'api_key_id',
    'period',
    'period_time_zone',
    'monthly_limit',
    'current_month_usage',
    'current_period_start',
  )
  if (budgetIds) query.whereIn('id', budgetIds)
  const budgets: ForecastBudgetRow[] = await query
  const forecasts = new Map<number, PeriodForecast>()
  if (!budgets.length) return forecasts
  // Budgets of one period kind and zone share their bounds: computed once per pair (zone
  // arithmetic made this a tenth of the time for 2,000 budgets).
  const spans = new Map<string, Omit<PeriodSoFar, 'budget'>>()
  const periods = budgets.map((budget): PeriodSoFar => {
    const key = `${budget.period}|${budget.period_time_zone}`
    let span = spans.get(key)
    if (!span) {
      const bounds = periodBounds(budget.period, budget.period_time_zone, now)
      const today = zonedDayOf(now, budget.period_time_zone)
      span = { ...bounds, today, todayStart: zonedDayStart(today, budget.period_time_zone) }
      spans.set(key, span)
    }
    return { budget, ...span }
  })
  // Today is the period's first day (every daily budget): no complete day to read.
  const withPast = periods.filter((p) => p.from < p.todayStart)
  const past = new Map<number, DailyCosts>([
    ...(await pastDaysFromRollup(db, withPast.filter(readsRollup))),
    ...(await pastDaysFromLogs(
      db,
      withPast.filter((p) => !readsRollup(p)),
    )),
  ])
  for (const { budget, start, today } of periods) {
    const days = past.get(budget.id) ?? []
    const counted =
      budget.current_period_start === start ? toDecimal(budget.current_month_usage) : toDecimal(0)
    const pastTotal = days.reduce((sum, d) => sum.plus(toDecimal(d.cost)), toDecimal(0))
    const todayCost = counted.minus(pastTotal)
    forecasts.set(
      budget.id,
      forecastPeriodEnd({
        period: budget.period,
        timeZone: budget.period_time_zone,
        periodStart: start,
        now,
        dailyCosts: todayCost.gt(0) ? [...days, { day: today, cost: todayCost.toFixed() }] : days,
        limit: budget.monthly_limit,
      }),
    )
  }
  return forecasts
}

/** The rollup has UTC days per organization and per user: enough for those budgets in UTC. */
function readsRollup({ budget }: PeriodSoFar): boolean {
  return budget.period_time_zone === 'UTC' && budget.project_id == null && budget.api_key_id == null
}

/**
 * Complete days of the period so far, per budget, from `ai_usage_daily`: one query for the
 * organization budgets (each organization's total) and one for the user budgets (those users
 * only), each from its kind's earliest period start. Reading every user of the organizations
 * instead made 2,000 budgets take seconds.
 */
async function pastDaysFromRollup(db: Db, periods: PeriodSoFar[]): Promise<Map<number, DailyCosts>> {
  const result = new Map<number, DailyCosts>()
  if (!periods.length) return result
  // All in UTC: one today for all.
  const today = (periods[0] as PeriodSoFar).today
  const ofOrgs = periods.filter((p) => p.budget.user_id == null)
  const ofUsers = periods.filter((p) => p.budget.user_id != null)
  const days = new Map<string, DailyCosts>()
  const add = (rows: Array<{ organization_id: number; user_id: number | null; day: string; cost: Usd }>) => {
    for (const r of rows) {
      const key = `${r.organization_id}|${r.user_id ?? ''}`
      const own = days.get(key)
      if (own) own.push({ day: r.day, cost: r.cost })
      else days.set(key, [{ day: r.day, cost: r.cost }])
    }
  }
  if (ofOrgs.length) {
    const { rows } = await db.raw(
      `select organization_id, null as user_id, date::text as day, sum(total_cost)::text as cost
       from ai_usage_daily
       where organization_id = any(?) and date >= ? and date < ?
       group by organization_id, date
       order by date`,
      [[...new Set(ofOrgs.map((p) => p.budget.organization_id))], earliestStart(ofOrgs), today],
    )
    add(rows)
  }
  if (ofUsers.length) {
    const pairs = [
      ...new Map(ofUsers.map((p) => [`${p.budget.organization_id}|${p.budget.user_id}`, p.budget])).values(),
    ]
    // The (user_id, date) index finds each user's days; the pair keeps only its organization's.
    const { rows } = await db.raw(
      `select d.organization_id, d.user_id, d.date::text as day, sum(d.total_cost)::text as cost
       from unnest(?::bigint[], ?::bigint[]) as s(organization_id, user_id)
       join ai_usage_daily d on d.user_id = s.user_id and d.organization_id = s.organization_id
       where d.date >= ? and d.date < ?
       group by d.organization_id, d.user_id, d.date
       order by d.date`,
      [
        pairs.map((b) => b.organization_id),
        pairs.map((b) => b.user_id as number),
        earliestStart(ofUsers),
        today,
      ],
    )
    add(rows)
  }
  for (const { budget, start } of periods) {
    const own = days.get(`${budget.organization_id}|${budget.user_id ?? ''}`) ?? []
    result.set(
      budget.id,
      own.filter((d) => d.day >= start),
    )
  }
  return result
}

function earliestStart(periods: PeriodSoFar[]): string {
  return periods.map((p) => p.start).sort()[0] as string
}

/**
 * Complete days of the period so far, per budget, from `ai_usage_logs`, in the budget's zone:
 * one query per distinct span (budgets of one period kind and zone share it). The span's literal
 * `created_at` bounds let the planner read only the months it covers, each through the
 * (organization_id, created_at) index; a user, project or key narrows the rows read there, by
 * the same rule as the counters' (`addToBudgetCounters`).
 */
async function pastDaysFromLogs(db: Db, periods: PeriodSoFar[]): Promise<Map<number, DailyCosts>> {
  const result = new Map<number, DailyCosts>()
  const spans = new Map<string, PeriodSoFar[]>()
  for (const p of periods) {
    const key = `${p.budget.period_time_zone}|${p.from.toISOString()}|${p.todayStart.toISOString()}`
    spans.set(key, [...(spans.get(key) ?? []), p])
  }
  for (const group of spans.values()) {
    const { from, todayStart, budget } = group[0] as PeriodSoFar
    const { rows } = await db.raw(PAST_DAYS_FROM_LOGS, [
      budget.period_time_zone,
      JSON.stringify(group.map((p) => scopeOf(p.budget))),
      [...new Set(group.map((p) => p.budget.organization_id))],
      from.toISOString(),
      todayStart.toISOString(),
    ])
    for (const r of rows as Array<{ id: number; day: string; cost: Usd }>)
      result.set(r.id, [...(result.get(r.id) ?? []), { day: r.day, cost: r.cost }])
  }
  return result
}

/** Exported for the test that checks its plan (partitions pruned, index used). */
export const PAST_DAYS_FROM_LOGS = `
  select b.id, (l.created_at at time zone ?)::date::text as day, sum(l.cost)::text as cost
  from jsonb_to_recordset(?::jsonb)
    as b(id bigint, organization_id bigint, user_id bigint, project_id bigint, api_key_id bigint)
  join ai_usage_logs l on l.organization_id = b.organization_id
    and (b.user_id is null or l.user_id = b.user_id)
    and (b.project_id is null or l.project_id = b.project_id)
    and (b.api_key_id is null or l.api_key_id = b.api_key_id)
  where l.organization_id = any(?) and l.created_at >= ?::timestamptz and l.created_at < ?::timestamptz
    and l.cost is not null
  group by b.id, 2
  order by 2`

function scopeOf(b: ForecastBudgetRow) {
  return {
    id: b.id,
    organization_id: b.organization_id,
    user_id: b.user_id,
    project_id: b.project_id,
    api_key_id: b.api_key_id,
  }
}

/**
 * A forecast resting on less of its period than this raises no `will_exceed` alert (it is still
 * shown): just after midnight the plain run-rate multiplies the first call by the whole period,
 * which would make nearly every daily budget "about to run out" every night.
 */
export const WILL_EXCEED_MIN_ELAPSED_MS = 3 * 3_600_000

/**
 * Records a `will_exceed` alert for each active budget with a limit, not used up yet, that its
 * forecast says will be by its period's end: once per budget and period (the unique key), from
 * 3 hours into the period on. Only counters on their current period are candidates: one still on
 * an older period spent nothing yet.
 */
export async function recordWillExceedAlerts(db: Db, now: Date): Promise<number> {
  const rows: Array<{
    id: number
    organization_id: number
    user_id: number | null
    monthly_limit: Usd
    current_period_start: string
    period: BudgetPeriod
    period_time_zone: string
  }> = await db('ai_budgets as b')
    .where('b.is_active', true)
    .whereNotNull('b.monthly_limit')
    .whereRaw(
      'b.current_period_start = tokenledger_budget_period_start(b.period, b.period_time_zone, ?::timestamptz)',
      [now.toISOString()],
    )
    .whereRaw('b.current_month_usage < b.monthly_limit')
    .whereNotExists(
      db('ai_budget_alerts as a')
        .whereRaw('a.budget_id = b.id')
        .where('a.kind', 'will_exceed')
        .whereRaw('a.period_start = b.current_period_start'),
    )
    .select(
      'b.id',
      'b.organization_id',
      'b.user_id',
      'b.monthly_limit',
      'b.current_period_start',
      'b.period',
      'b.period_time_zone',
    )
  const candidates = rows.filter(
    (b) =>
      now.getTime() - periodBounds(b.period, b.period_time_zone, now).from.getTime() >=
      WILL_EXCEED_MIN_ELAPSED_MS,
  )
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
        periodStart: b.current_period_start,
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
