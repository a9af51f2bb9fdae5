import { formatDateTime } from '../../lib/format'
import { Badge } from '../usage-bar'

export interface BudgetAlertItem {
  id: number
  kind: string
  summary: string
  periodStart: string
  createdAt: string | Date
  dispatchedAt: string | Date | null
  deliveries: Array<{
    id: number
    status: string
    channelName: string
    attempt: number
    responseCode: number | null
    error: string | null
    attemptedAt: string | Date
  }>
}

const KIND_TONES: Record<string, string> = {
  warning: 'warning',
  exceeded: 'exceeded',
  override: 'override',
  will_exceed: 'warning',
}

/** One budget's alerts, newest first, each with its delivery attempts (the Alerts page lists all budgets'). */
export function BudgetAlertHistory({ alerts }: { alerts: BudgetAlertItem[] }) {
  return (
    <section className="card mt-6 max-w-2xl overflow-hidden" aria-label="Alert history">
      <h2 className="border-b border-gray-100 px-5 py-3 text-sm font-semibold text-gray-900">
        Alert history
      </h2>
      {alerts.length === 0 ? (
        <p className="px-5 py-6 text-center text-sm text-gray-500" data-testid="budget-alerts-empty">
          No alerts for this budget yet.
        </p>
      ) : (
        <ul className="divide-y divide-gray-100" data-testid="budget-alerts">
          {alerts.map((a) => (
            <li key={a.id} className="px-5 py-3" data-testid="budget-alert" data-alert-kind={a.kind}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone={KIND_TONES[a.kind] ?? 'neutral'}>{a.kind.replace('_', ' ')}</Badge>
                <span className="text-gray-900">{a.summary}</span>
                <span className="ml-auto text-xs tabular-nums text-gray-500">
                  {formatDateTime(a.createdAt)}
                </span>
              </div>
              {a.deliveries.length === 0 ? (
                <p className="mt-1 text-xs text-gray-500" data-testid="budget-alert-pending">
                  {a.dispatchedAt ? 'No channel to deliver to.' : 'Waiting for the worker.'}
                </p>
              ) : (
                <ul className="mt-1 space-y-0.5 text-xs text-gray-600" aria-label="Delivery log">
                  {a.deliveries.map((d) => (
                    <li key={d.id} data-testid="budget-alert-delivery">
                      <span className={d.status === 'delivered' ? 'text-emerald-700' : 'text-rose-700'}>
                        {d.status}
                      </span>{' '}
                      to {d.channelName}, attempt {d.attempt}
                      {d.responseCode != null && `, response ${d.responseCode}`}
                      {d.error && ` (${d.error})`}, {formatDateTime(d.attemptedAt)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
