import { type Decimal, roundUsd, toDecimal, type Usd } from '../money'
import { addUtcDays, isCalendarDay } from '../periods'
import {
  type BudgetPeriod,
  isBudgetPeriod,
  isTimeZone,
  nextPeriodStart,
  periodStart,
  zonedDayStart,
} from './budget-period'

/**
 * Period-end spend forecast for a budget, from the period so far (a month, a week or a day, read
 * in the budget's time zone; days are that zone's calendar days, 23 or 25 hours long across a DST
 * change).
 *
 * Method:
 * - With at least 3 complete days observed this period (the days before today), weekday-weighted
 *   run-rate: the average cost of the complete weekdays (Mon–Fri) and of the complete weekend days
 *   (Sat, Sun) observed, applied to what is left of today (by the share of today's hours still to
 *   come) and to each remaining day of its kind. A kind not observed yet uses the average of all
 *   complete days. A day counts as one day whatever its length: spend follows working days, not
 *   the clock.
 * - Otherwise, the plain run-rate: spend so far divided by the time elapsed since the period
 *   began, applied to the time left (in hours, so a 23-hour DST day gets 23 hours' worth). A
 *   daily budget always uses it: the day so far is all it sees of that day, and its past days
 *   belong to other periods.
 * The projection is the spend so far plus that estimate; arithmetic is decimal throughout.
 */
export interface PeriodForecastInput {
  period: BudgetPeriod
  /** IANA zone the period and its days are read in. */
  timeZone: string
  /** 'YYYY-MM-DD' in the zone: the period's first day (a month's 1st, a week's Monday, the day). */
  periodStart: string
  /** The instant of the forecast; must fall inside the period. */
  now: Date
  /** Cost per calendar day (in the zone) of the period so far, today's partial day included. Days may be missing (no spend). */
  dailyCosts: ReadonlyArray<{ day: string; cost: Usd }>
  /** The budget's limit per period; null: no limit (nothing to exceed). */
  limit: Usd | null
}

/** The month-end forecast's input: a UTC month. */
export interface ForecastInput {
  /** 'YYYY-MM-01': the month forecast. */
  monthStart: string
  now: Date
  /** Cost per UTC day of the month so far (today's partial day included). */
  dailyCosts: ReadonlyArray<{ day: string; cost: Usd }>
  limit: Usd | null
}

export type ForecastMethod = 'weekday-weighted' | 'run-rate'

export interface PeriodForecast {
  method: ForecastMethod
  /** Spend so far this period (sum of dailyCosts), rounded to 6 decimals. */
  spentSoFar: Usd
  /** Projected period-end total, rounded to 6 decimals. */
  projectedTotal: Usd
  /** The day (in the zone) the cumulative spend reaches the limit, already or at this rate; null: not this period. */
  limitReachedOn: string | null
  /** The limit is reached by the period's end at this rate (or already). */
  willExceed: boolean
}

export type MonthEndForecast = PeriodForecast

/** Fewer complete days than this: too little to tell weekdays from weekends. */
export const MIN_DAYS_FOR_WEEKDAY_WEIGHTING = 3

const PERIOD_NOUNS: Record<BudgetPeriod, string> = { monthly: 'month', weekly: 'week', daily: 'day' }

export function forecastPeriodEnd(input: PeriodForecastInput): PeriodForecast {
  const { period, timeZone, now } = input
  if (!isBudgetPeriod(period)) throw new RangeError(`not a budget period: ${JSON.stringify(period)}`)
  if (!isTimeZone(timeZone)) throw new RangeError(`not a time zone: ${JSON.stringify(timeZone)}`)
  const first = checkDay(input.periodStart, 'periodStart')
  const noun = PERIOD_NOUNS[period]
  // The period containing the period's own first midnight is the one that starts that day.
  if (periodStart(period, timeZone, new Date(dayStartMs(first, timeZone))) !== first)
    throw new RangeError(`periodStart must be a ${noun}'s first day, got ${first}`)
  const next = nextPeriodStart(period, first)
  const at = now.getTime()
  const startMs = dayStartMs(first, timeZone)
  const endMs = dayStartMs(next, timeZone)
  if (Number.isNaN(at) || at < startMs || at >= endMs)
    throw new RangeError(`now (${isoOf(now)}) is not inside the ${noun} of ${first}`)

  // The period's days, in the zone, each with the instant it starts.
  const days: string[] = []
  for (let day = first; day < next; day = addUtcDays(day, 1)) days.push(day)
  const starts = [...days.map((day) => dayStartMs(day, timeZone)), endMs]
  const dayStart = (index: number) => starts[Math.min(index, days.length)] as number
  let todayIndex = 0
  while (dayStart(todayIndex + 1) <= at) todayIndex++

  const perDay = new Map<number, Decimal>()
  for (const { day, cost } of input.dailyCosts) {
    checkDay(day, 'dailyCosts day')
    const index = days.indexOf(day)
    if (index < 0 || index > todayIndex)
      throw new RangeError(`daily cost for ${day} is outside ${first} .. today`)
    perDay.set(index, (perDay.get(index) ?? toDecimal(0)).plus(toDecimal(cost)))
  }
  const costOn = (index: number) => perDay.get(index) ?? toDecimal(0)
  let spent = toDecimal(0)
  for (const cost of perDay.values()) spent = spent.plus(cost)

  const limit = input.limit == null ? null : toDecimal(input.limit)
  const reaches = (cumulative: Decimal) => limit != null && cumulative.gt(0) && cumulative.gte(limit)

  // Already reached: the first day the observed cumulative spend got there.
  let reachedOn: number | null = null
  let cumulative = toDecimal(0)
  for (let i = 0; i <= todayIndex && reachedOn == null; i++) {
    cumulative = cumulative.plus(costOn(i))
    if (reaches(cumulative)) reachedOn = i
  }

  // The expected cost of each day from today on (today: only the part of it still to come).
  const weighted = todayIndex >= MIN_DAYS_FOR_WEEKDAY_WEIGHTING
  let expected: (index: number) => Decimal
  if (weighted) {
    const complete = range(0, todayIndex)
    const all = average(complete.map(costOn)) ?? toDecimal(0)
    const isWeekend = (index: number) => [0, 6].includes(new Date(`${days[index]}T00:00:00Z`).getUTCDay())
    const weekday = average(complete.filter((i) => !isWeekend(i)).map(costOn)) ?? all
    const weekend = average(complete.filter(isWeekend).map(costOn)) ?? all
    const todayLeft = toDecimal(dayStart(todayIndex + 1) - at).div(
      dayStart(todayIndex + 1) - dayStart(todayIndex),
    )
    expected = (index) => {
      const rate = isWeekend(index) ? weekend : weekday
      return index === todayIndex ? rate.times(todayLeft) : rate
    }
  } else {
    const elapsed = toDecimal(at - startMs)
    const perMs = elapsed.isZero() ? toDecimal(0) : spent.div(elapsed)
    expected = (index) => perMs.times(dayStart(index + 1) - Math.max(at, dayStart(index)))
  }

  let projected = spent
  for (let i = todayIndex; i < days.length; i++) {
    projected = projected.plus(expected(i))
    if (reachedOn == null && reaches(projected)) reachedOn = i
  }

  return {
    method: weighted ? 'weekday-weighted' : 'run-rate',
    spentSoFar: roundUsd(spent),
    projectedTotal: roundUsd(projected),
    limitReachedOn: reachedOn == null ? null : (days[reachedOn] as string),
    willExceed: reachedOn != null,
  }
}

/** Month-end forecast for a monthly UTC budget: `forecastPeriodEnd` of that month. */
export function forecastMonthEnd(input: ForecastInput): MonthEndForecast {
  const { monthStart, ...rest } = input
  return forecastPeriodEnd({ ...rest, period: 'monthly', timeZone: 'UTC', periodStart: monthStart })
}

/**
 * The instant a day starts in a zone, remembered: finding it takes several Intl look-ups (about
 * 0.1 ms), and the admin forecasts every budget, each over up to 31 days, on every list view.
 * The answer never changes; the memo is emptied when it grows past a few years of days per zone.
 */
const dayStarts = new Map<string, number>()
const MAX_DAY_STARTS = 20_000

function dayStartMs(day: string, zone: string): number {
  const key = `${zone}|${day}`
  let at = dayStarts.get(key)
  if (at === undefined) {
    at = zonedDayStart(day, zone).getTime()
    if (dayStarts.size >= MAX_DAY_STARTS) dayStarts.clear()
    dayStarts.set(key, at)
  }
  return at
}

function checkDay(day: string, what: string): string {
  if (typeof day !== 'string' || !isCalendarDay(day))
    throw new RangeError(`${what} is not a YYYY-MM-DD day: ${JSON.stringify(day)}`)
  return day
}

function isoOf(at: Date): string {
  return Number.isNaN(at.getTime()) ? String(at) : at.toISOString()
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

function average(values: Decimal[]): Decimal | null {
  if (!values.length) return null
  return values.reduce((a, b) => a.plus(b), toDecimal(0)).div(values.length)
}
