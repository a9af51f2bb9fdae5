/**
 * The time zone the crontab's wall-clock times are read in (`TOKENLEDGER_TIMEZONE`, default UTC).
 * Only *when* jobs fire depends on it: rollup days and months are always UTC. Budget periods are
 * read in each budget's own zone (`ai_budgets.period_time_zone`), which the admin defaults to this one.
 */

export const DEFAULT_TIME_ZONE = 'UTC'

/** The configured IANA zone, validated; throws with a clear message on a zone Node does not know. */
export function resolveTimeZone(value: string | undefined = process.env.TOKENLEDGER_TIMEZONE): string {
  const zone = value?.trim() || DEFAULT_TIME_ZONE
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    throw new RangeError(
      `TOKENLEDGER_TIMEZONE: unknown time zone "${zone}" (use an IANA name like Europe/Paris)`,
    )
  }
}

export function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT'
}

export interface WallClock {
  year: number
  /** 1-12 */
  month: number
  /** 1-31 */
  date: number
  hour: number
  min: number
  /** 0 (Sunday) - 6 */
  dow: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** The wall-clock reading of an instant in a zone. */
export function wallClock(at: Date, zone: string): WallClock {
  let format = formatters.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    })
    formatters.set(zone, format)
  }
  const parts: Record<string, string> = {}
  for (const { type, value } of format.formatToParts(at)) parts[type] = value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    date: Number(parts.day),
    hour: Number(parts.hour),
    min: Number(parts.minute),
    dow: WEEKDAYS.indexOf(parts.weekday ?? ''),
  }
}

/** 'YYYY-MM-DD' of the calendar day an instant falls on in a zone. */
export function zonedDay(at: Date, zone: string): string {
  const { year, month, date } = wallClock(at, zone)
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`
}
