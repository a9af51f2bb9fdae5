/**
 * The detail page of one call. The link carries when the call was made (`at`), so the page reads
 * only that month's partition of the logs; a link without it (older bookmarks) still works, by
 * probing every month for the id.
 */
export function logDetailPath(id: number, createdAt: Date | string): string {
  const at = new Date(createdAt)
  return Number.isNaN(at.getTime())
    ? `/logs/${id}`
    : `/logs/${id}?${new URLSearchParams({ at: at.toISOString() })}`
}

/** The `at` of a detail link as a date, or null when absent or not an ISO instant (then: probe by id). */
export function parseLogAt(value: string | null): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(value)) return null
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? null : at
}
