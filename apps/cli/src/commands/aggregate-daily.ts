import { rollUpDays } from '@tokenledger/db'
import { addUtcDays, formatUtcMonth, isCalendarDay, utcDay, utcDaysBetween } from '@tokenledger/domain'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'
import { createProgress, formatDuration } from '../progress'

export interface DayRange {
  from: string
  to: string
}

/**
 * The days to aggregate from `--date` or `--from`/`--to` (default: yesterday, UTC). Throws
 * `UsageError` for anything that is not a past-or-today calendar day range.
 */
export function parseDayRange(
  values: Record<string, string | boolean | undefined>,
  now: Date = new Date(),
): DayRange {
  const today = utcDay(now)
  const date = dayOption(values, 'date', today)
  const from = dayOption(values, 'from', today)
  const to = dayOption(values, 'to', today)
  if (date && (from || to)) throw new UsageError('use either --date or --from/--to, not both')
  if (date) return { from: date, to: date }
  if (to && !from) throw new UsageError('--to needs --from')
  if (!from) {
    const yesterday = addUtcDays(today, -1)
    return { from: yesterday, to: yesterday }
  }
  const end = to ?? addUtcDays(today, -1)
  if (from > end)
    throw new UsageError(`--from ${from} is after --to ${end}${to ? '' : ' (default: yesterday)'}`)
  return { from, to: end }
}

function dayOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  today: string,
): string | undefined {
  const value = values[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !isCalendarDay(value))
    throw new UsageError(`--${name} must be a calendar day written YYYY-MM-DD, got "${value}"`)
  if (value > today) throw new UsageError(`--${name} ${value} is in the future (today is ${today} UTC)`)
  return value
}

export const aggregateDailyCommand: Command = {
  name: 'ai:aggregate-daily',
  summary: 'roll usage logs up into ai_usage_daily (yesterday, one day, or a range)',
  help: `tokenledger ai:aggregate-daily [--date=YYYY-MM-DD | --from=YYYY-MM-DD [--to=YYYY-MM-DD]]

  Rebuilds the daily rollup (ai_usage_daily) of each UTC day from its usage logs, with the
  dashboard's rollups of that day and its month (ai_usage_daily_* / ai_usage_monthly_*), then the
  month-to-date rows (ai_usage_monthly) of the months touched. Idempotent: re-running a day
  replaces its rows, and a day whose logs are gone ends with none. The nightly job
  (ai:aggregate-daily at 01:00) runs the same code for yesterday.

  --date   one day (default: yesterday, UTC)
  --from   first day of a backfill range
  --to     last day of the range (default: yesterday); today is allowed, the future is not

  A range shows a progress bar on a terminal and one line per day otherwise (stderr).`,
  options: { date: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run({ values }) {
    const { from, to } = parseDayRange(values)
    const days = utcDaysBetween(from, to)
    return withDatabase(async (db) => {
      const startedAt = performance.now()
      const progress = days.length > 1 ? createProgress(days.length) : null
      let rows = 0
      let upserted = 0
      let deleted = 0
      // Each day (with its dashboard rollups), then each month touched, once.
      const { months } = await rollUpDays(db, days, (result) => {
        rows += result.groups
        upserted += result.upserted
        deleted += result.deleted
        progress?.step(
          result.day,
          `${result.groups} rows (${result.upserted} upserted, ${result.deleted} removed) in ${result.durationMs} ms`,
        )
      })
      progress?.finish()
      const span = from === to ? from : `${from} .. ${to} (${days.length} days)`
      console.log(
        `aggregated ${span}: ${rows} daily rows (${upserted} upserted, ${deleted} removed); ` +
          `refreshed months ${months.map((m) => formatUtcMonth(m)).join(', ')}; ${formatDuration(performance.now() - startedAt)}`,
      )
      return 0
    })
  },
}
