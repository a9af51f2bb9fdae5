/** Calendar periods in UTC. Budgets and rollups use UTC months and days unless configured otherwise. */

/** 'YYYY-MM-DD' of the UTC day containing `at`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** 'YYYY-MM-01' of the UTC month containing `at`: the `current_period_start` of a budget counter. */
export function utcMonthStart(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`
}

export function isSameUtcMonth(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 7) === b.toISOString().slice(0, 7)
}
