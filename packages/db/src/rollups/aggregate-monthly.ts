import { assertUtcMonth, utcMonthDays } from '@tokenledger/domain'
import type { Db } from '../knex'
import { type DashboardCounts, rebuildDashboardMonth } from './dashboard-rollups'
import { lockPeriod } from './locks'
import { type RollupCounts, toCounts } from './result'

/** The counts are `ai_usage_monthly`'s; `dashboard` has the dashboard's month tables'. */
export interface MonthlyRollup extends RollupCounts {
  year: number
  month: number
  dashboard: DashboardCounts
}

/**
 * Rebuilds `ai_usage_monthly` for one UTC month from the month's `ai_usage_daily` rows (not from
 * the logs: a month is at most 31 days of already-grouped rows), keyed by (organization, user,
 * category) with NULLs not distinct. Same shape as the daily run: one upsert, keys without daily
 * rows deleted, unchanged rows untouched. The current month's rows are month-to-date. The dashboard's
 * month tables are rebuilt too (every daily run keeps them current already: here it is a repair).
 */
export async function aggregateMonthly(db: Db, year: number, month: number): Promise<MonthlyRollup> {
  assertUtcMonth({ year, month })
  const startedAt = performance.now()
  const { first, next } = utcMonthDays({ year, month })
  const { row, dashboard } = await db.transaction(async (trx) => {
    await lockPeriod(trx, 'monthly', year * 100 + month)
    const { rows } = await trx.raw(MONTHLY_SQL, [first, next, year, month, year, month])
    return { row: rows[0], dashboard: await rebuildDashboardMonth(trx, { year, month }) }
  })
  return { year, month, ...toCounts(row, startedAt), dashboard }
}

const FIGURES = ['request_count', 'success_count', 'total_tokens', 'total_cost']

const MONTHLY_SQL = `
with agg as (
  select organization_id, user_id, category,
         sum(request_count)::integer as request_count,
         sum(success_count)::integer as success_count,
         sum(total_tokens)::bigint as total_tokens,
         sum(total_cost) as total_cost
  from ai_usage_daily
  where date >= ?::date and date < ?::date
  group by organization_id, user_id, category
),
upserted as (
  insert into ai_usage_monthly as m (year, month, organization_id, user_id, category, ${FIGURES.join(', ')})
  select ?::smallint, ?::smallint, organization_id, user_id, category, ${FIGURES.join(', ')}
  from agg
  on conflict on constraint ai_usage_monthly_key do update
    set ${FIGURES.map((f) => `${f} = excluded.${f}`).join(', ')}, updated_at = now()
    where (${FIGURES.map((f) => `m.${f}`).join(', ')}) is distinct from (${FIGURES.map((f) => `excluded.${f}`).join(', ')})
  returning (xmax = 0) as inserted
),
deleted as (
  delete from ai_usage_monthly m
  where m.year = ?::smallint and m.month = ?::smallint
    and not exists (
      select 1 from agg a
      where coalesce(a.organization_id, 0) = coalesce(m.organization_id, 0)
        and coalesce(a.user_id, 0) = coalesce(m.user_id, 0)
        and a.category = m.category)
  returning 1
)
select (select count(*) from agg) as groups,
       (select count(*) from upserted where inserted) as inserted,
       (select count(*) from upserted where not inserted) as updated,
       (select count(*) from deleted) as deleted
`
