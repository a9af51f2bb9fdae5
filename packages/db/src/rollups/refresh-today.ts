import { utcDay } from '@tokenledger/domain'
import type { Db } from '../knex'
import { aggregateDaily, type DailyRollup } from './aggregate-daily'
import { aggregateMonthly, type MonthlyRollup } from './aggregate-monthly'
import { utcMonthOf } from './periods'

export interface TodayRefresh {
  daily: DailyRollup
  monthly: MonthlyRollup
}

/** Brings today's UTC day (and so this month's month-to-date rows) up to date; run every few minutes. */
export async function refreshToday(db: Db, now: Date = new Date()): Promise<TodayRefresh> {
  const daily = await aggregateDaily(db, utcDay(now))
  const { year, month } = utcMonthOf(now)
  const monthly = await aggregateMonthly(db, year, month)
  return { daily, monthly }
}
