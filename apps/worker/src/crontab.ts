import { type ParsedCronItem, parseCronItem, parseCrontab, type TimestampDigest } from 'graphile-worker'
import { isUtc, wallClock } from './zone'

/**
 * The schedule, in graphile-worker's crontab syntax. The times are wall-clock times in the configured
 * zone (see `buildCronItems`). `fill` backfills runs missed while no worker was up (only for runs
 * after the entry was first seen); `max` caps retries; refresh-today uses a job key so a backlog
 * collapses into one pending run.
 */
export const CRONTAB = `
# m h dom mon dow task
0 1 * * * ai:aggregate-daily ?fill=7d&max=5
0 2 1 * * ai:aggregate-monthly ?fill=7d&max=5
5 0 1 * * ai:reset-budgets ?fill=7d&max=5
*/5 * * * * ai:refresh-today ?max=1&jobKey=ai:refresh-today
`

/**
 * graphile-worker matches crontab lines against the UTC clock. For another zone each line's matcher
 * is wrapped: the UTC minute being considered is turned back into an instant and read on the zone's
 * wall clock, so `0 1 * * *` fires at 01:00 local time, across daylight-saving changes. (On a day a
 * DST change skips 01:00 that run does not happen; a repeated hour runs twice, which is harmless
 * because every job is idempotent.)
 */
export function buildCronItems(zone: string, crontab: string = CRONTAB): ParsedCronItem[] {
  const items = parseCrontab(crontab)
  if (isUtc(zone)) return items
  // Every item is asked about the same minute in turn (and a backfill walks days of minutes): read
  // the wall clock once per minute.
  let lastKey = ''
  let lastLocal: TimestampDigest = { min: 0, hour: 0, date: 1, month: 1, dow: 0 }
  const local = (digest: TimestampDigest): TimestampDigest => {
    const key = `${digest.month}-${digest.date}-${digest.hour}-${digest.min}`
    if (key !== lastKey) {
      const { min, hour, date, month, dow } = wallClock(instantOf(digest), zone)
      lastKey = key
      lastLocal = { min, hour, date, month, dow }
    }
    return lastLocal
  }
  return items.map((item) =>
    parseCronItem({
      task: item.task,
      identifier: item.identifier,
      options: item.options,
      payload: item.payload ?? {},
      match: (digest) => item.match(local(digest)),
    }),
  )
}

/**
 * The instant of a UTC digest (minute, hour, day, month; no year). graphile-worker only asks about
 * minutes near now (the next minute, or within the backfill period), so the year is the one that
 * puts the digest closest to `now`.
 */
export function instantOf(digest: TimestampDigest, now: number = Date.now()): Date {
  const year = new Date(now).getUTCFullYear()
  let best: number | undefined
  for (const y of [year - 1, year, year + 1]) {
    const t = Date.UTC(y, digest.month - 1, digest.date, digest.hour, digest.min)
    if (new Date(t).getUTCMonth() !== digest.month - 1) continue // 29 February of a common year
    if (best === undefined || Math.abs(t - now) < Math.abs(best - now)) best = t
  }
  return new Date(best ?? now)
}
