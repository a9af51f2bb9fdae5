import type { BudgetState } from '@tokenledger/domain'

/** usage / limit as a bar with the warning threshold marked; the colour follows the state. */
export function UsageBar({
  percent,
  threshold,
  state,
  label,
}: {
  percent: number | null
  threshold: number | null
  state: BudgetState
  label: string
}) {
  const width = Math.min(100, Math.max(0, percent ?? (state === 'exceeded' ? 100 : 0)))
  const colour =
    state === 'exceeded'
      ? 'bg-rose-500'
      : state === 'warning'
        ? 'bg-amber-400'
        : state === 'inactive' || state === 'unlimited'
          ? 'bg-gray-300'
          : 'bg-emerald-500'
  return (
    <div className="relative h-2 w-full rounded-full bg-gray-100" title={label} aria-hidden="true">
      <div className={`h-2 rounded-full ${colour}`} style={{ width: `${width}%` }} />
      {threshold != null && (
        <div
          className="absolute -top-1 h-4 w-0.5 rounded bg-gray-500"
          style={{ left: `calc(${Math.min(100, threshold)}% - 1px)` }}
          title={`Warning at ${threshold}%`}
          data-testid="threshold-marker"
        />
      )}
    </div>
  )
}

const BADGES: Record<string, string> = {
  ok: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  warning: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  exceeded: 'bg-rose-50 text-rose-700 ring-rose-600/20',
  inactive: 'bg-gray-100 text-gray-600 ring-gray-500/20',
  unlimited: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  success: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  failure: 'bg-rose-50 text-rose-700 ring-rose-600/20',
  override: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  neutral: 'bg-gray-100 text-gray-700 ring-gray-500/20',
}

export function Badge({ tone, children }: { tone: keyof typeof BADGES | string; children: React.ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGES[tone] ?? BADGES.neutral}`}
    >
      {children}
    </span>
  )
}
