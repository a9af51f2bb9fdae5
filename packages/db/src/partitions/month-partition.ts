/** The usage-log partition of one UTC month: its table name and its range of `created_at`. */
export interface MonthPartition {
  /** 'YYYY-MM'. */
  month: string
  /** `ai_usage_logs_pYYYYMM` (the name migration 0013 gives the months it creates). */
  name: string
  /** The first instant of the month, included, as an ISO string in UTC. */
  from: string
  /** The first instant of the next month, excluded. */
  to: string
}

export const USAGE_LOGS = 'ai_usage_logs'
export const DEFAULT_PARTITION = 'ai_usage_logs_default'

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** The partition of a 'YYYY-MM' month; throws on anything else (the name goes into DDL). */
export function monthPartition(month: string): MonthPartition {
  const match = MONTH.exec(month)
  if (!match) throw new Error(`not a month (YYYY-MM): ${JSON.stringify(month)}`)
  const year = Number(match[1])
  const m = Number(match[2])
  return {
    month,
    name: `${USAGE_LOGS}_p${year}${match[2]}`,
    from: `${month}-01T00:00:00.000Z`,
    to: `${monthOf(year, m + 1)}-01T00:00:00.000Z`,
  }
}

/** The UTC month of `now` and the `ahead` months after it, as 'YYYY-MM'. */
export function monthsFrom(now: Date, ahead: number): string[] {
  if (!Number.isInteger(ahead) || ahead < 0)
    throw new Error(`months ahead must be a whole number ≥ 0: ${ahead}`)
  return Array.from({ length: ahead + 1 }, (_, i) => monthOf(now.getUTCFullYear(), now.getUTCMonth() + 1 + i))
}

/** 'YYYY-MM' of a month number that may run past 12. */
function monthOf(year: number, month: number): string {
  const index = year * 12 + month - 1
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Every 'YYYY-MM' month that `[from, to)` touches, in order. */
export function monthsBetween(from: Date, to: Date): string[] {
  if (!(from.getTime() < to.getTime()))
    throw new Error(`not a range: ${from.toISOString()} … ${to.toISOString()}`)
  const months: string[] = []
  const last = new Date(to.getTime() - 1)
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth() + 1; ; m++) {
    const month = monthOf(y, m)
    months.push(month)
    if (month === monthOf(last.getUTCFullYear(), last.getUTCMonth() + 1)) return months
  }
}
