import {
  addUtcDays,
  Decimal,
  sumUsd,
  toDecimal,
  type Usd,
  utcMonthFirstDay,
  utcMonthLength,
  utcWeekStart,
} from '@tokenledger/domain'
import type { Db } from '../knex'
import { loadDailyCosts } from './daily-costs'
import { type AnalyticsScope, dashboardWindow } from './dashboard-window'
import { whereOrganization } from './scope'
import { withoutParallelWorkers } from './serial-read'

export interface PeriodFigures {
  cost: Usd
  requests: number
}

export interface PeriodComparison extends PeriodFigures {
  /** 'YYYY-MM-DD', both included. */
  from: string
  to: string
  /** The same number of days at the start of the previous period (yesterday for today). */
  previous: PeriodFigures & { from: string; to: string }
  /** Cost change against `previous` in percent, one decimal; null when the previous cost is 0. */
  change: number | null
}

export interface CostSummary {
  today: PeriodComparison
  /** The ISO week (Monday first) up to now. */
  week: PeriodComparison
  /** The calendar month up to now. */
  month: PeriodComparison
  allTime: PeriodFigures
}

/**
 * The dashboard's stats cards: cost and request count today, this week, this month and all time,
 * each period compared with the same days of the previous one. Today is live from the logs, earlier
 * days of this month and the comparison windows come from `ai_usage_daily_totals`, earlier months
 * from `ai_usage_monthly_totals` (one row per organization and month; see periods.ts).
 */
export async function getCostSummary(db: Db, scope: AnalyticsScope): Promise<CostSummary> {
  const { today } = dashboardWindow(scope.now)
  const yesterday = addUtcDays(today, -1)
  const weekStart = utcWeekStart(today)
  const daysIntoWeek = dayDiff(weekStart, today)
  const previousWeekStart = addUtcDays(weekStart, -7)
  const monthStart = utcMonthFirstDay(today)
  const previousMonthStart = utcMonthFirstDay(addUtcDays(monthStart, -1))
  const previousMonthEnd = addUtcDays(
    previousMonthStart,
    Math.min(Number(today.slice(8)), utcMonthLength(previousMonthStart)) - 1,
  )
  const from = [previousMonthStart, previousWeekStart].sort()[0] as string
  const [year, month] = today.split('-').map(Number) as [number, number]

  // One query at a time: a transaction's connection takes no more.
  const [byDay, monthlyRow] = await withoutParallelWorkers(
    db,
    async (trx) =>
      [
        await loadDailyCosts(trx, scope, from),
        (await whereOrganization(
          trx('ai_usage_monthly_totals')
            .first(
              trx.raw('coalesce(sum(total_cost), 0) as cost'),
              trx.raw('coalesce(sum(request_count), 0)::bigint as requests'),
            )
            .whereRaw('(year, month) < (?, ?)', [year, month]),
          scope.organizationId,
        )) as { cost: Usd; requests: number },
      ] as const,
  )

  /** Days [a, b]: from the daily rollup, today live. */
  const range = (a: string, b: string): PeriodFigures => {
    const parts: PeriodFigures[] = []
    for (let day = a; day <= b; day = addUtcDays(day, 1)) {
      const figures = byDay.get(day)
      if (figures) parts.push(figures)
    }
    return add(parts)
  }
  const compare = (a: string, b: string, pa: string, pb: string): PeriodComparison => {
    const current = range(a, b)
    const previous = range(pa, pb)
    return {
      ...current,
      from: a,
      to: b,
      previous: { ...previous, from: pa, to: pb },
      change: change(current, previous),
    }
  }
  const thisMonth = range(monthStart, today)
  return {
    today: compare(today, today, yesterday, yesterday),
    week: compare(weekStart, today, previousWeekStart, addUtcDays(previousWeekStart, daysIntoWeek)),
    month: compare(monthStart, today, previousMonthStart, previousMonthEnd),
    allTime: add([thisMonth, { cost: monthlyRow.cost, requests: Number(monthlyRow.requests) }]),
  }
}

function add(parts: PeriodFigures[]): PeriodFigures {
  return { cost: sumUsd(parts.map((p) => p.cost)), requests: parts.reduce((n, p) => n + p.requests, 0) }
}

function change(current: PeriodFigures, previous: PeriodFigures): number | null {
  const before = toDecimal(previous.cost)
  if (before.isZero()) return null
  return toDecimal(current.cost)
    .minus(before)
    .div(before)
    .times(100)
    .toDecimalPlaces(1, Decimal.ROUND_HALF_UP)
    .toNumber()
}

function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)
}
