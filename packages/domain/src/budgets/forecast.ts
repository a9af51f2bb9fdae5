import { type Decimal, roundUsd, toDecimal, type Usd } from '../money'
import { isCalendarDay, utcDay, utcDayBounds, utcMonthDays, utcMonthOfDay } from '../periods'

/**
 * Month-end spend forecast for a monthly budget, from the month so far (UTC days).
 *
 * Method:
 * - With at least 3 complete days observed this month (the days before today), weekday-weighted
 *   run-rate: the average cost of the complete weekdays (Mon–Fri) and of the complete weekend days
 *   (Sat, Sun) observed, applied to what is left of today (by the fraction of the day left) and to
 *   each remaining day of its kind. A kind not observed yet uses the average of all complete days.
 * - Otherwise, the plain run-rate: spend so far divided by the time elapsed since the month began
 *   (fractional days), applied to the time left.
 * The projection is the spend so far plus that estimate; arithmetic is decimal throughout.
 */
export interface ForecastInput {
  /** 'YYYY-MM-01': the month forecast. */
  monthStart: string
  /** The instant of the forecast; must fall inside the month. */
  now: Date
  /** Cost per UTC day of the month so far (today's partial day included). Days may be missing (no spend). */
  dailyCosts: ReadonlyArray<{ day: string; cost: Usd }>
  /** The budget's monthly limit; null: no limit (nothing to exceed). */
  limit: Usd | null
}

export type ForecastMethod = 'weekday-weighted' | 'run-rate'

export interface MonthEndForecast {
  method: ForecastMethod
  /** Spend so far this month (sum of dailyCosts), rounded to 6 decimals. */
  spentSoFar: Usd
  /** Projected month-end total, rounded to 6 decimals. */
  projectedTotal: Usd
  /** The UTC day the cumulative spend reaches the limit, already or at this rate; null: not this month. */
  limitReachedOn: string | null
  /** The limit is reached by month end at this rate (or already). */
  willExceed: boolean
}

const DAY_MS = 86_400_000
/** Fewer complete days than this: too little to tell weekdays from weekends. */
export const MIN_DAYS_FOR_WEEKDAY_WEIGHTING = 3

export function forecastMonthEnd(input: ForecastInput): MonthEndForecast {
  const { monthStart, now } = input
  const start = parseDay(monthStart, 'monthStart')
  if (!monthStart.endsWith('-01'))
    throw new RangeError(`monthStart must be a month's first day, got ${monthStart}`)
  const end = utcDayBounds(utcMonthDays(utcMonthOfDay(monthStart)).next).start.getTime()
  const at = now.getTime()
  if (Number.isNaN(at) || at < start || at >= end)
    throw new RangeError(`now (${now.toISOString?.() ?? now}) is not inside the month of ${monthStart}`)
  const todayStart = start + Math.floor((at - start) / DAY_MS) * DAY_MS

  // Costs per day index (0 = the 1st).
  const perDay = new Map<number, Decimal>()
  for (const { day, cost } of input.dailyCosts) {
    const t = parseDay(day, 'dailyCosts day')
    if (t < start || t > todayStart)
      throw new RangeError(`daily cost for ${day} is outside ${monthStart} .. today`)
    const index = (t - start) / DAY_MS
    perDay.set(index, (perDay.get(index) ?? toDecimal(0)).plus(toDecimal(cost)))
  }
  const daysInMonth = (end - start) / DAY_MS
  const todayIndex = (todayStart - start) / DAY_MS
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
  const leftOfToday = toDecimal(todayStart + DAY_MS - at).div(DAY_MS)
  const weighted = todayIndex >= MIN_DAYS_FOR_WEEKDAY_WEIGHTING
  let rateOf: (index: number) => Decimal
  if (weighted) {
    const all = average(range(0, todayIndex).map(costOn)) ?? toDecimal(0)
    const isWeekend = (index: number) => [0, 6].includes(new Date(start + index * DAY_MS).getUTCDay())
    const complete = range(0, todayIndex)
    const weekday = average(complete.filter((i) => !isWeekend(i)).map(costOn)) ?? all
    const weekend = average(complete.filter(isWeekend).map(costOn)) ?? all
    rateOf = (index) => (isWeekend(index) ? weekend : weekday)
  } else {
    const elapsedDays = toDecimal(at - start).div(DAY_MS)
    const rate = elapsedDays.isZero() ? toDecimal(0) : spent.div(elapsedDays)
    rateOf = () => rate
  }

  let projected = spent
  for (let i = todayIndex; i < daysInMonth; i++) {
    projected = projected.plus(i === todayIndex ? rateOf(i).times(leftOfToday) : rateOf(i))
    if (reachedOn == null && reaches(projected)) reachedOn = i
  }

  return {
    method: weighted ? 'weekday-weighted' : 'run-rate',
    spentSoFar: roundUsd(spent),
    projectedTotal: roundUsd(projected),
    limitReachedOn: reachedOn == null ? null : utcDay(new Date(start + reachedOn * DAY_MS)),
    willExceed: reachedOn != null,
  }
}

function parseDay(day: string, what: string): number {
  if (typeof day !== 'string' || !isCalendarDay(day))
    throw new RangeError(`${what} is not a YYYY-MM-DD day: ${JSON.stringify(day)}`)
  return utcDayBounds(day).start.getTime()
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

function average(values: Decimal[]): Decimal | null {
  if (!values.length) return null
  return values.reduce((a, b) => a.plus(b), toDecimal(0)).div(values.length)
}
