import {
  addUtcDays,
  addUtcMonths,
  isCalendarDay,
  parseUtcMonth,
  type UtcMonth,
  utcDayBounds,
  utcMonthDays,
} from '@tokenledger/domain'
import { wallClock, zonedDay } from './zone'

/**
 * What a job run should work on. A cron run is named by the configured zone's calendar ("yesterday"
 * there, "last month" there) but the rollups are UTC periods: in a zone ahead of UTC, 01:00 local
 * comes before the UTC day has ended. Such a run is not done early (it would miss the day's last
 * hours) but deferred until the UTC period is over (`notBefore`), with the target in its payload.
 */
export type Plan<T> = { target: T; notBefore: Date | null } | { error: string }

/** Delays after a period's UTC end, mirroring the UTC schedule (daily 01:00, monthly 02:00, reset 00:05). */
const HOUR = 3_600_000
export const DEFER_AFTER = { daily: HOUR, monthly: 2 * HOUR, reset: 5 * 60_000 } as const

export interface JobPayload {
  date?: unknown
  month?: unknown
  _cron?: { ts?: string }
}

/** The instant the run stands for: its cron slot (so backfilled runs each get their own day), else now. */
export function referenceTime(payload: JobPayload | null | undefined, now: Date): Date {
  const ts = payload?._cron?.ts
  const at = ts ? new Date(ts) : null
  return at && !Number.isNaN(at.getTime()) ? at : now
}

export function planDaily(payload: JobPayload | null | undefined, now: Date, zone: string): Plan<string> {
  if (payload?.date !== undefined) {
    const date = payload.date
    if (typeof date !== 'string' || !isCalendarDay(date))
      return { error: `payload.date is not a YYYY-MM-DD day: ${JSON.stringify(date)}` }
    return { target: date, notBefore: null }
  }
  const target = addUtcDays(zonedDay(referenceTime(payload, now), zone), -1)
  return withDeadline(target, utcDayBounds(target).end, DEFER_AFTER.daily, now)
}

export function planMonthly(payload: JobPayload | null | undefined, now: Date, zone: string): Plan<UtcMonth> {
  if (payload?.month !== undefined) {
    const month = typeof payload.month === 'string' ? parseUtcMonth(payload.month) : null
    if (!month) return { error: `payload.month is not a YYYY-MM month: ${JSON.stringify(payload.month)}` }
    return { target: month, notBefore: null }
  }
  const { year, month } = wallClock(referenceTime(payload, now), zone)
  const target = addUtcMonths({ year, month }, -1)
  return withDeadline(
    target,
    new Date(`${utcMonthDays(target).next}T00:00:00.000Z`),
    DEFER_AFTER.monthly,
    now,
  )
}

/** Budget counters move to the month that is starting in the zone, once it has started in UTC. */
export function planReset(payload: JobPayload | null | undefined, now: Date, zone: string): Plan<UtcMonth> {
  const { year, month } = wallClock(referenceTime(payload, now), zone)
  const target = { year, month }
  return withDeadline(target, new Date(`${utcMonthDays(target).first}T00:00:00.000Z`), DEFER_AFTER.reset, now)
}

function withDeadline<T>(target: T, periodEnd: Date, delay: number, now: Date): Plan<T> {
  return { target, notBefore: now < periodEnd ? new Date(periodEnd.getTime() + delay) : null }
}
