import { utcDay } from '@tokenledger/domain'
import type { Db } from '../knex'
import type { DailyRollup } from './aggregate-daily'
import type { MonthlyRollup } from './aggregate-monthly'
import { rollUpDays } from './roll-up-days'

export interface TodayRefresh {
  daily: DailyRollup
  monthly: MonthlyRollup
}

/** Brings today's UTC day (and so this month's month-to-date rows) up to date; run every few minutes. */
export async function refreshToday(db: Db, now: Date = new Date()): Promise<TodayRefresh> {
  const { days, months } = await rollUpDays(db, [utcDay(now)])
  return { daily: days[0] as DailyRollup, monthly: months[0] as MonthlyRollup }
}
