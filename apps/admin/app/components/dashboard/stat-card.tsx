import type { StatCard as StatCardData } from '../../lib/dashboard.server'
import { formatChange, formatInt } from '../../lib/format'
import { ArrowDownIcon, ArrowUpIcon } from '../icons'

/** A spend card (today, this week, …): the amount, its requests and the change against the last period. */
export function StatCard({ card }: { card: StatCardData }) {
  const up = card.change != null && card.change > 0
  const down = card.change != null && card.change < 0
  return (
    <div className="card p-4 sm:p-5" data-testid={`stat-${card.key}`}>
      <p className="text-sm font-medium text-gray-500">{card.label}</p>
      <p
        className="mt-2 text-2xl font-semibold tracking-tight text-gray-900 tabular-nums sm:text-3xl"
        data-testid="stat-value"
      >
        {card.value}
      </p>
      <p className="mt-1 text-sm text-gray-500">
        <span data-testid="stat-requests">{formatInt(card.requests)}</span> requests
      </p>
      <div className="mt-3 text-xs text-gray-500">
        <p className="flex items-center gap-1.5">
          {card.change != null && (
            <span
              className={`inline-flex items-center gap-0.5 rounded-md px-1.5 py-0.5 font-semibold ${
                up
                  ? 'bg-rose-50 text-rose-700'
                  : down
                    ? 'bg-emerald-50 text-emerald-700'
                    : 'bg-gray-100 text-gray-700'
              }`}
              data-testid="stat-change"
            >
              {up && <ArrowUpIcon className="h-3 w-3" />}
              {down && <ArrowDownIcon className="h-3 w-3" />}
              {formatChange(card.change)}
            </span>
          )}
          {card.previous != null ? <span>vs {card.previous}</span> : <span>{card.comparison}</span>}
        </p>
        {card.previous != null && <p className="mt-1 text-gray-400">{card.comparison}</p>}
      </div>
    </div>
  )
}
