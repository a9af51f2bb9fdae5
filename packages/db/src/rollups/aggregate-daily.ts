import { utcDayBounds, utcMonthOfDay } from '@tokenledger/domain'
import type { Db } from '../knex'
import { type DashboardCounts, rebuildDashboardDay, rebuildDashboardMonth } from './dashboard-rollups'
import { lockPeriod } from './locks'
import { type RollupCounts, toCounts } from './result'

/** The counts are `ai_usage_daily`'s; `dashboard` has the dashboard tables' (day and its month). */
export interface DailyRollup extends RollupCounts {
  day: string
  /** `monthly` is null when the run left the month to the caller (`withMonth: false`). */
  dashboard: { daily: DashboardCounts; monthly: DashboardCounts | null }
}

export interface AggregateDailyOptions {
  /**
   * Also rebuild the day's month in the dashboard's month tables (default true). A backfill of many
   * days of one month turns it off for all but its last day: each rebuild reads the whole month.
   */
  withMonth?: boolean
}

/**
 * Rebuilds `ai_usage_daily` for one UTC day from `ai_usage_logs`, in one statement: the logs of
 * [day, day + 1) (a range on the `(created_at, id)` index) are grouped by (organization, user,
 * category, provider, model) and upserted on the NULLS NOT DISTINCT key; rows of that day whose key
 * has no log any more are deleted. Re-running replaces, never adds; rows whose figures did not change
 * are left untouched. Unpriced logs (cost null) count in requests and tokens and add 0 to cost.
 * In the same transaction, the day's dashboard rollups and its month's are rebuilt from the new rows
 * (dashboard-rollups.ts), so a month never disagrees with the day last written with it.
 */
export async function aggregateDaily(
  db: Db,
  day: string,
  { withMonth = true }: AggregateDailyOptions = {},
): Promise<DailyRollup> {
  const startedAt = performance.now()
  const { start, end } = utcDayBounds(day)
  const { row, dashboard } = await db.transaction(async (trx) => {
    await lockPeriod(trx, 'daily', Number(day.replaceAll('-', '')))
    const { rows } = await trx.raw(DAILY_SQL, [start.toISOString(), end.toISOString(), day, day])
    const daily = await rebuildDashboardDay(trx, day)
    const monthly = withMonth ? await rebuildDashboardMonth(trx, utcMonthOfDay(day)) : null
    return { row: rows[0], dashboard: { daily, monthly } }
  })
  return { day, ...toCounts(row, startedAt), dashboard }
}

const FIGURES = [
  'request_count',
  'success_count',
  'failure_count',
  'total_prompt_tokens',
  'total_completion_tokens',
  'total_tokens',
  'total_cost',
  'total_duration_ms',
]

const DAILY_SQL = `
with agg as (
  select organization_id, user_id, category, provider, model,
         count(*)::integer as request_count,
         count(*) filter (where success)::integer as success_count,
         count(*) filter (where not success)::integer as failure_count,
         sum(prompt_tokens)::bigint as total_prompt_tokens,
         sum(completion_tokens)::bigint as total_completion_tokens,
         sum(total_tokens)::bigint as total_tokens,
         coalesce(sum(cost), 0) as total_cost,
         coalesce(sum(duration_ms), 0)::bigint as total_duration_ms
  from ai_usage_logs
  where created_at >= ?::timestamptz and created_at < ?::timestamptz
  group by organization_id, user_id, category, provider, model
),
upserted as (
  insert into ai_usage_daily as d
    (date, organization_id, user_id, category, provider, model, ${FIGURES.join(', ')})
  select ?::date, organization_id, user_id, category, provider, model, ${FIGURES.join(', ')}
  from agg
  on conflict on constraint ai_usage_daily_key do update
    set ${FIGURES.map((f) => `${f} = excluded.${f}`).join(', ')}, updated_at = now()
    where (${FIGURES.map((f) => `d.${f}`).join(', ')}) is distinct from (${FIGURES.map((f) => `excluded.${f}`).join(', ')})
  returning (xmax = 0) as inserted
),
deleted as (
  delete from ai_usage_daily d
  where d.date = ?::date
    and not exists (
      select 1 from agg a
      where coalesce(a.organization_id, 0) = coalesce(d.organization_id, 0)
        and coalesce(a.user_id, 0) = coalesce(d.user_id, 0)
        and a.category = d.category and a.provider = d.provider and a.model = d.model)
  returning 1
)
select (select count(*) from agg) as groups,
       (select count(*) from upserted where inserted) as inserted,
       (select count(*) from upserted where not inserted) as updated,
       (select count(*) from deleted) as deleted
`
