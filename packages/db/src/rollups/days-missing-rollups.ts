import { addUtcDays, utcDay, utcDaysBetween } from '@tokenledger/domain'
import type { Db } from '../knex'

/**
 * Days in the last `days` (today included) that have usage logs but no daily rollup row at all:
 * what graphile-worker's backfill cannot cover (a fresh database seeded with history, where the
 * crontab is first seen now; or an outage longer than the `fill` period). Two index probes per
 * day, so cheap whatever the size of the logs table.
 */
export async function daysMissingRollups(db: Db, days: number, now: Date = new Date()): Promise<string[]> {
  if (days <= 0) return []
  const today = utcDay(now)
  const candidates = utcDaysBetween(addUtcDays(today, -(days - 1)), today)
  const { rows } = await db.raw(
    `select d::text as day from unnest(?::date[]) as d
     where exists (select 1 from ai_usage_logs l
                   where l.created_at >= d::timestamp at time zone 'UTC'
                     and l.created_at < (d + 1)::timestamp at time zone 'UTC')
       and not exists (select 1 from ai_usage_daily r where r.date = d)
     order by d`,
    [candidates],
  )
  return rows.map((r: { day: string }) => r.day)
}
