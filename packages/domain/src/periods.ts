/**
 * Calendar periods in UTC: the one module for days and months. Rollups, the dashboard, the worker
 * and the CLI count in UTC days and months (the crontab has a zone; budget periods have their own
 * zone, see budgets/budget-period.ts).
 * A day is 'YYYY-MM-DD' and covers [day 00:00:00.000Z, next day 00:00:00.000Z); a month is
 * { year, month: 1-12 }, written 'YYYY-MM'.
 */

const DAY_MS = 86_400_000
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/

/** 'YYYY-MM-DD' of the UTC day containing `at`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** 'YYYY-MM-01' of the UTC month containing `at`: the `current_period_start` of a monthly UTC budget. */
export function utcMonthStart(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`
}

export function isSameUtcMonth(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 7) === b.toISOString().slice(0, 7)
}

/** True for a real calendar day written 'YYYY-MM-DD' (so '2026-02-30' is not), from 1970 on. */
export function isCalendarDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value)
  if (!match) return false
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number]
  const at = new Date(Date.UTC(y, m - 1, d))
  return y >= 1970 && at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d
}

export function assertCalendarDay(value: string): string {
  if (!isCalendarDay(value)) throw new RangeError(`not a calendar day (YYYY-MM-DD): "${value}"`)
  return value
}

/** [start, end) of a UTC day, as instants. */
export function utcDayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(`${assertCalendarDay(day)}T00:00:00.000Z`)
  return { start, end: new Date(start.getTime() + DAY_MS) }
}

export function addUtcDays(day: string, days: number): string {
  return utcDay(new Date(utcDayBounds(day).start.getTime() + days * DAY_MS))
}

/** Every day from `from` to `to`, both included (empty when `from` is after `to`). */
export function utcDaysBetween(from: string, to: string): string[] {
  const days: string[] = []
  assertCalendarDay(to)
  for (let day = assertCalendarDay(from); day <= to; day = addUtcDays(day, 1)) days.push(day)
  return days
}

/** Monday of the ISO week containing `day`. */
export function utcWeekStart(day: string): string {
  const weekday = utcDayBounds(day).start.getUTCDay() // 0 = Sunday
  return addUtcDays(day, -((weekday + 6) % 7))
}

/** First day of the month containing `day`. */
export function utcMonthFirstDay(day: string): string {
  return `${assertCalendarDay(day).slice(0, 7)}-01`
}

/** Number of days in the month containing `day`. */
export function utcMonthLength(day: string): number {
  const { year, month } = utcMonthOfDay(day)
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export interface UtcMonth {
  year: number
  /** 1-12 */
  month: number
}

function isUtcMonth({ year, month }: UtcMonth): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1970 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12
  )
}

export function assertUtcMonth({ year, month }: UtcMonth): void {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new RangeError(`not a year: ${year}`)
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`not a month (1-12): ${month}`)
}

/** 'YYYY-MM' -> month, or null for anything else (the CLI's `--month`, the worker's payload). */
export function parseUtcMonth(value: string): UtcMonth | null {
  const match = MONTH_PATTERN.exec(value)
  if (!match) return null
  const month = { year: Number(match[1]), month: Number(match[2]) }
  return isUtcMonth(month) ? month : null
}

export function utcMonthOfDay(day: string): UtcMonth {
  const [year, month] = assertCalendarDay(day).split('-').map(Number) as [number, number]
  return { year, month }
}

export function utcMonthOf(at: Date): UtcMonth {
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1 }
}

export function addUtcMonths({ year, month }: UtcMonth, months: number): UtcMonth {
  const index = year * 12 + (month - 1) + months
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

/** 'YYYY-MM' */
export function formatUtcMonth({ year, month }: UtcMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

/** The month's first day and the next month's first day, 'YYYY-MM-DD'. */
export function utcMonthDays(month: UtcMonth): { first: string; next: string } {
  assertUtcMonth(month)
  return { first: `${formatUtcMonth(month)}-01`, next: `${formatUtcMonth(addUtcMonths(month, 1))}-01` }
}
