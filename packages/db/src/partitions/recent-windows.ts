/**
 * Lower bounds to try, newest first, before reading a newest-first list with no lower bound: the
 * start of the anchor's month, of the month two before it, and of the month eleven before it. A
 * list that finds its page within a window reads only the partitions from that month on, instead
 * of planning and opening every month of an indefinite history; the caller falls back to no bound.
 */
export function recentWindows(anchor: Date, monthsBack: readonly number[] = [0, 2, 11]): string[] {
  if (Number.isNaN(anchor.getTime())) throw new Error('recentWindows: invalid anchor date')
  return monthsBack.map((back) =>
    new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - back, 1)).toISOString(),
  )
}
