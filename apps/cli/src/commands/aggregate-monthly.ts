import { aggregateMonthly } from '@tokenledger/db'
import { addUtcMonths, formatUtcMonth, parseUtcMonth, type UtcMonth, utcMonthOf } from '@tokenledger/domain'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'

/** `--month=YYYY-MM` (default: last month, UTC); the current month is allowed, later ones are not. */
export function parseMonthOption(value: string | boolean | undefined, now: Date = new Date()): UtcMonth {
  const current = utcMonthOf(now)
  if (value === undefined) return addUtcMonths(current, -1)
  const month = typeof value === 'string' ? parseUtcMonth(value) : null
  if (!month) throw new UsageError(`--month must be a month written YYYY-MM, got "${value}"`)
  if (formatUtcMonth(month) > formatUtcMonth(current))
    throw new UsageError(`--month ${value} is in the future (this month is ${formatUtcMonth(current)} UTC)`)
  return month
}

export const aggregateMonthlyCommand: Command = {
  name: 'ai:aggregate-monthly',
  summary: 'roll ai_usage_daily up into ai_usage_monthly (last month, or --month)',
  help: `tokenledger ai:aggregate-monthly [--month=YYYY-MM]

  Rebuilds the monthly rollup (ai_usage_monthly) of a UTC month from its daily rows (run
  ai:aggregate-daily first for days that are not rolled up yet). Idempotent. The monthly job
  (ai:aggregate-monthly on the 1st at 02:00) runs the same code for last month.

  --month   the month (default: last month, UTC); the current month gives month-to-date rows`,
  options: { month: { type: 'string' } },
  async run({ values }) {
    const month = parseMonthOption(values.month)
    return withDatabase(async (db) => {
      const result = await aggregateMonthly(db, month.year, month.month)
      console.log(
        `aggregated ${formatUtcMonth(month)}: ${result.groups} monthly rows (${result.inserted} new, ${result.updated} changed, ${result.deleted} removed) in ${result.durationMs} ms`,
      )
      return 0
    })
  },
}
