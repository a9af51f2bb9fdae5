/**
 * A budget's period: the calendar month (the default), the week (Monday to Sunday, ISO) or the
 * day, read in the budget's time zone (an IANA name; UTC unless configured). A period is written
 * as its first day, 'YYYY-MM-DD' in that zone — the `current_period_start` its counter is keyed
 * by — and covers [its first local midnight, the next period's first local midnight), so a day
 * may last 23 or 25 hours across a DST change. Mirrors the database's
 * `tokenledger_budget_period_start` (migration 0014).
 */

export const BUDGET_PERIODS = ['monthly', 'weekly', 'daily'] as const
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number]

export const DEFAULT_BUDGET_PERIOD: BudgetPeriod = 'monthly'
export const DEFAULT_BUDGET_TIME_ZONE = 'UTC'

/** The adjective the messages use: "monthly", "weekly", "daily". */
export const PERIOD_LABELS: Record<BudgetPeriod, string> = {
  monthly: 'monthly',
  weekly: 'weekly',
  daily: 'daily',
}

export function isBudgetPeriod(value: unknown): value is BudgetPeriod {
  return typeof value === 'string' && (BUDGET_PERIODS as readonly string[]).includes(value)
}

const DAY_MS = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone)
  if (!format) {
    // Throws a RangeError on a zone the runtime does not know.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, format)
  }
  return format
}

/** True for an IANA zone name the runtime knows (e.g. 'UTC', 'Europe/Berlin'). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false
  try {
    formatter(zone)
    return true
  } catch {
    return false
  }
}

/**
 * The last reading per zone: a list of budgets evaluated at one `now` asks the same question once
 * per budget, and `formatToParts` is the costly part of evaluating a budget.
 */
const lastReadings = new Map<string, { at: number; wall: number }>()

/** The wall-clock reading of an instant in a zone, to the second, as if it were a UTC instant (ms). */
function wallClockMs(at: number, zone: string): number {
  // UTC reads as itself; the zone formatter, like this, drops the milliseconds.
  if (zone === 'UTC') return Math.floor(at / 1000) * 1000
  const last = lastReadings.get(zone)
  if (last?.at === at) return last.wall
  const parts: Record<string, number> = {}
  for (const { type, value } of formatter(zone).formatToParts(new Date(at))) parts[type] = Number(value)
  const wall = Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day as number,
    parts.hour as number,
    parts.minute as number,
    parts.second as number,
  )
  lastReadings.set(zone, { at, wall })
  return wall
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +2 h). */
function offsetMs(at: number, zone: string): number {
  return wallClockMs(Math.floor(at / 1000) * 1000, zone) - Math.floor(at / 1000) * 1000
}

function dayOf(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10)
}

/** 'YYYY-MM-DD': the calendar day an instant falls on in a zone. */
export function zonedDayOf(at: Date, zone: string): string {
  return dayOf(wallClockMs(at.getTime(), zone))
}

/**
 * The instant a calendar day starts in a zone: its local midnight, or the first instant after it
 * when a DST change skips midnight.
 */
export function zonedDayStart(day: string, zone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`)
  if (Number.isNaN(wall)) throw new RangeError(`not a calendar day (YYYY-MM-DD): "${day}"`)
  // The zone's offsets a day before and after: any DST change near midnight lies between them.
  const before = wall - offsetMs(wall - DAY_MS, zone)
  const after = wall - offsetMs(wall + DAY_MS, zone)
  const exact = [before, after].filter((t) => wallClockMs(t, zone) === wall)
  // Midnight twice (clocks turned back over it): the first. Midnight skipped (clocks jumped forward
  // at 00:00): the jump itself, which is midnight at the offset before it.
  const at = exact.length ? Math.min(...exact) : before
  return new Date(at)
}

function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS)
}

/** The first day ('YYYY-MM-DD', local to the zone) of the period containing `at`. */
export function periodStart(period: BudgetPeriod, zone: string, at: Date): string {
  const day = zonedDayOf(at, zone)
  if (period === 'daily') return day
  if (period === 'monthly') return `${day.slice(0, 7)}-01`
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7))
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriodStart(period: BudgetPeriod, start: string): string {
  if (period === 'daily') return addDays(start, 1)
  if (period === 'weekly') return addDays(start, 7)
  const [year, month] = start.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10)
}

export interface PeriodBounds {
  /** 'YYYY-MM-DD' in the zone: the counter's `current_period_start`. */
  start: string
  /** The instants the period covers: [from, to). */
  from: Date
  to: Date
}

/** The period containing `at`, with the instants it begins and ends at in the zone. */
export function periodBounds(period: BudgetPeriod, zone: string, at: Date): PeriodBounds {
  const start = periodStart(period, zone, at)
  return {
    start,
    from: zonedDayStart(start, zone),
    to: zonedDayStart(nextPeriodStart(period, start), zone),
  }
}
