import {
  assertCalendarDay,
  assertUtcMonth,
  type UtcMonth,
  utcMonthDays,
  utcMonthOfDay,
} from '@tokenledger/domain'
import type { Knex } from 'knex'
import type { Db } from '../knex'
import { lockPeriod } from './locks'
import { countColumns, type RollupTarget, rebuildCtes } from './rebuild-sql'
import { type TableCounts, toTableCounts } from './result'

/**
 * The dashboard's rollups (migration 0008), one table per grain a widget reads:
 *
 *   ai_usage_daily      ──►  ai_usage_daily_{totals, breakdown, users}     (that day)
 *                            └─►  ai_usage_monthly_{totals, breakdown, users}  (that day's month)
 *
 * totals: (organization); breakdown: (organization, provider, category); users: (organization,
 * user). Each is rebuilt from the stage before it, like ai_usage_monthly from ai_usage_daily, so
 * every row equals the sum of its logs. `aggregateDaily` runs both steps in its transaction, right
 * after the day's `ai_usage_daily` rows (a backfill through `rollUpDays` keeps the month step for
 * each month's last day): a reader never sees a month without the day last written with it, which
 * the dashboard relies on to read "this month before today" as month − today.
 */
export type DashboardGrain = 'totals' | 'breakdown' | 'users'
export type DashboardCounts = Record<DashboardGrain, TableCounts>

const FIGURES = ['request_count', 'success_count', 'total_tokens', 'total_cost'] as const
const SUMS = `sum(request_count)::bigint as request_count, sum(success_count)::bigint as success_count,
  sum(total_tokens)::bigint as total_tokens, sum(total_cost) as total_cost`

const GRAIN_KEYS: Record<DashboardGrain, string[]> = {
  totals: ['organization_id'],
  breakdown: ['organization_id', 'provider', 'category'],
  users: ['organization_id', 'user_id'],
}
const GRAINS = Object.keys(GRAIN_KEYS) as DashboardGrain[]

function target(grain: DashboardGrain, table: string, period: Record<string, string>, from: string) {
  const keys = GRAIN_KEYS[grain]
  return {
    name: grain,
    table,
    period,
    keys,
    nullable: ['organization_id', 'user_id'],
    figures: FIGURES,
    source: `select ${keys.join(', ')}, ${SUMS} ${from} group by ${keys.join(', ')}`,
  } satisfies RollupTarget
}

function statement(params: string, targets: RollupTarget[]): string {
  return `with p as (select ${params}),${targets.map(rebuildCtes).join(',')}
select ${targets.map(countColumns).join(',\n       ')}`
}

const DAY_SQL = statement(
  '?::date as date',
  GRAINS.map((g) =>
    target(g, `ai_usage_daily_${g}`, { date: 'p.date' }, 'from ai_usage_daily d, p where d.date = p.date'),
  ),
)

const MONTH_SQL = statement(
  '?::smallint as year, ?::smallint as month, ?::date as first, ?::date as next',
  GRAINS.map((g) =>
    target(
      g,
      `ai_usage_monthly_${g}`,
      { year: 'p.year', month: 'p.month' },
      `from ai_usage_daily_${g} d, p where d.date >= p.first and d.date < p.next`,
    ),
  ),
)

function counts(row: Record<string, number | string>): DashboardCounts {
  return Object.fromEntries(GRAINS.map((g) => [g, toTableCounts(row, g)])) as DashboardCounts
}

/**
 * Rebuilds the day's `ai_usage_daily_*` rows from its `ai_usage_daily` rows. Call inside the
 * transaction that holds the day's lock (as `aggregateDaily` does), then rebuild its month.
 */
export async function rebuildDashboardDay(trx: Knex.Transaction, day: string): Promise<DashboardCounts> {
  const { rows } = await trx.raw(DAY_SQL, [assertCalendarDay(day)])
  return counts(rows[0])
}

/**
 * Rebuilds the month's `ai_usage_monthly_*` rows from its `ai_usage_daily_*` rows (at most 31 days of
 * already-small rows), under the month's dashboard lock: two daily runs of the same month take
 * turns here, so the second one's rebuild sees the first one's day.
 */
export async function rebuildDashboardMonth(
  trx: Knex.Transaction,
  month: UtcMonth,
): Promise<DashboardCounts> {
  assertUtcMonth(month)
  await lockPeriod(trx, 'dashboardMonth', month.year * 100 + month.month)
  const { first, next } = utcMonthDays(month)
  const { rows } = await trx.raw(MONTH_SQL, [month.year, month.month, first, next])
  return counts(rows[0])
}

/**
 * Rebuilds one day's dashboard rollups and its month's from `ai_usage_daily` as it stands, in one
 * transaction. `aggregateDaily` already does this; this is for `ai_usage_daily` rows written some
 * other way (a restore, a test's fixture).
 */
export async function refreshDashboardRollups(
  db: Db,
  day: string,
): Promise<{ daily: DashboardCounts; monthly: DashboardCounts }> {
  return db.transaction(async (trx) => {
    await lockPeriod(trx, 'daily', Number(assertCalendarDay(day).replaceAll('-', '')))
    const daily = await rebuildDashboardDay(trx, day)
    const monthly = await rebuildDashboardMonth(trx, utcMonthOfDay(day))
    return { daily, monthly }
  })
}
