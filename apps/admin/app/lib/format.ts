// Display helpers safe on both sides (UTC only, so the server and the browser print the same).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function formatInt(value: number): string {
  return value.toLocaleString('en-US')
}

/** "2026-03-18 14:59:59" (UTC). */
export function formatDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value
  return date.toISOString().replace('T', ' ').slice(0, 19)
}

/** "Mar 18, 2026" from 'YYYY-MM-DD'. */
export function formatDay(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}, ${day.slice(0, 4)}`
}

/** "1.2 s", "850 ms". */
export function formatDuration(ms: number | null): string {
  if (ms == null) return '—'
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${ms} ms`
}

/** "+12.5%", "−3%", "0%". */
export function formatChange(change: number): string {
  if (change === 0) return '0%'
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`
}

export function formatPercent(value: number | null): string {
  return value == null ? '—' : `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`
}
