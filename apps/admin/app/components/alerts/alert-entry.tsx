import { formatDateTime } from '../../lib/format'
import { Badge } from '../usage-bar'

/** An alert as the admin lists it: what happened, and each attempt to deliver it. */
export interface AlertItem {
  id: number
  kind: string
  summary: string
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
  anomaly: 'failure',
}

/** One alert with its delivery log: the Alerts page lists every alert, a budget's page its own. */
export function AlertEntry({ alert }: { alert: AlertItem }) {
  return (
    <li className="px-5 py-3" data-testid="alert-row" data-alert-kind={alert.kind}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={KIND_TONES[alert.kind] ?? 'neutral'}>{alert.kind.replace('_', ' ')}</Badge>
        <span className="text-gray-900">{alert.summary}</span>
        <span className="ml-auto text-xs tabular-nums text-gray-500">{formatDateTime(alert.createdAt)}</span>
      </div>
      {alert.deliveries.length === 0 ? (
        <p className="mt-1 text-xs text-gray-500">
          {alert.dispatchedAt ? 'No channel to deliver to, or queued.' : 'Waiting for the worker.'}
        </p>
      ) : (
        <ul className="mt-1 space-y-0.5 text-xs text-gray-600" aria-label="Delivery log">
          {alert.deliveries.map((d) => (
            <li key={d.id} data-testid="delivery">
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
  )
}
