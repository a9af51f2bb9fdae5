import {
  aggregateMonthly,
  type DailyRollup,
  type Db,
  type MonthlyRollup,
  refreshToday,
  resetBudgets,
  rollUpDays,
} from '@tokenledger/db'
import { formatUtcMonth, utcDay } from '@tokenledger/domain'
import type { JobHelpers, Task, TaskList } from 'graphile-worker'
import { type JobPayload, type Plan, planDaily, planMonthly, planReset, referenceTime } from './targets'

export const TASK_NAMES = {
  aggregateDaily: 'ai:aggregate-daily',
  aggregateMonthly: 'ai:aggregate-monthly',
  resetBudgets: 'ai:reset-budgets',
  refreshToday: 'ai:refresh-today',
} as const

/** ai:refresh-today's period in the crontab (every 5 minutes). */
export const REFRESH_EVERY_MS = 5 * 60_000

export interface TaskContext {
  db: Db
  /** IANA zone the crontab (and "yesterday" / "last month") are read in. */
  timeZone: string
  /** One line per job: what it did. */
  log: (line: string) => void
  now?: () => Date
}

/**
 * The job handlers. Each calls the same `@tokenledger/db` function as the matching CLI command and
 * logs what it did (rows, duration). Payloads: `ai:aggregate-daily` `{ date?: 'YYYY-MM-DD' }`
 * (default yesterday), `ai:aggregate-monthly` `{ month?: 'YYYY-MM' }` (default last month).
 */
export function createTaskList(context: TaskContext): TaskList {
  const { db, timeZone, log } = context
  const now = context.now ?? (() => new Date())

  /** Runs the plan's target, defers it past the end of its UTC period, or gives up on a bad payload. */
  async function carryOut<T>(
    name: string,
    plan: Plan<T>,
    helpers: JobHelpers,
    deferred: (target: T) => { payload: Record<string, string>; key: string },
    run: (target: T) => Promise<void>,
  ): Promise<void> {
    if ('error' in plan) {
      // A payload that can never work: log and complete rather than retry 25 times.
      log(`${name}: ${plan.error}; job ${helpers.job.id} dropped`)
      return
    }
    if (plan.notBefore) {
      const { payload, key } = deferred(plan.target)
      await helpers.addJob(name, payload, { runAt: plan.notBefore, jobKey: `${name}:${key}` })
      log(`${name}: ${key} has not ended in UTC yet; deferred to ${plan.notBefore.toISOString()}`)
      return
    }
    await run(plan.target)
  }

  const daily: Task = (payload, helpers) =>
    carryOut(
      TASK_NAMES.aggregateDaily,
      planDaily(payload as JobPayload, now(), timeZone),
      helpers,
      (date) => ({ payload: { date }, key: date }),
      async (date) => {
        // The day, then its month (month-to-date rows follow their days).
        const { days, months } = await rollUpDays(db, [date])
        const day = days[0] as DailyRollup
        const monthly = months[0] as MonthlyRollup
        log(
          `${TASK_NAMES.aggregateDaily} ${date}: ${day.groups} rows (${day.inserted} new, ${day.updated} changed, ${day.deleted} removed) in ${day.durationMs} ms; ` +
            `month ${formatUtcMonth(monthly)}: ${monthly.groups} rows (${monthly.upserted} upserted, ${monthly.deleted} removed) in ${monthly.durationMs} ms`,
        )
      },
    )

  const monthly: Task = (payload, helpers) =>
    carryOut(
      TASK_NAMES.aggregateMonthly,
      planMonthly(payload as JobPayload, now(), timeZone),
      helpers,
      (month) => ({ payload: { month: formatUtcMonth(month) }, key: formatUtcMonth(month) }),
      async (month) => {
        const result = await aggregateMonthly(db, month.year, month.month)
        log(
          `${TASK_NAMES.aggregateMonthly} ${formatUtcMonth(month)}: ${result.groups} rows (${result.inserted} new, ${result.updated} changed, ${result.deleted} removed) in ${result.durationMs} ms`,
        )
      },
    )

  const reset: Task = (payload, helpers) =>
    carryOut(
      TASK_NAMES.resetBudgets,
      planReset(payload as JobPayload, now(), timeZone),
      helpers,
      (month) => ({ payload: { period: formatUtcMonth(month) }, key: formatUtcMonth(month) }),
      async () => {
        const result = await resetBudgets(db, now())
        log(
          `${TASK_NAMES.resetBudgets}: ${result.reset} budget counters reset to period ${result.periodStart} in ${result.durationMs} ms`,
        )
      },
    )

  const refresh: Task = async (payload) => {
    // The 00:00 run also closes yesterday, whose last minutes came after the 23:55 run: past days
    // are final from midnight on, not only after the nightly job.
    const slot = referenceTime(payload as JobPayload, now())
    const previous = new Date(slot.getTime() - REFRESH_EVERY_MS)
    if (utcDay(previous) !== utcDay(slot)) {
      const closed = (await rollUpDays(db, [utcDay(previous)])).days[0] as DailyRollup
      log(
        `${TASK_NAMES.refreshToday}: closed ${closed.day}: ${closed.groups} rows (${closed.upserted} upserted, ${closed.deleted} removed) in ${closed.durationMs} ms`,
      )
    }
    const { daily: day, monthly: month } = await refreshToday(db, now())
    // Every five minutes: say something only when something changed.
    if (day.upserted + day.deleted + month.upserted + month.deleted === 0) return
    log(
      `${TASK_NAMES.refreshToday} ${day.day}: ${day.groups} rows (${day.upserted} upserted, ${day.deleted} removed) in ${day.durationMs} ms; ` +
        `month ${formatUtcMonth(month)}: ${month.upserted} upserted in ${month.durationMs} ms`,
    )
  }

  return {
    [TASK_NAMES.aggregateDaily]: daily,
    [TASK_NAMES.aggregateMonthly]: monthly,
    [TASK_NAMES.resetBudgets]: reset,
    [TASK_NAMES.refreshToday]: refresh,
  }
}
