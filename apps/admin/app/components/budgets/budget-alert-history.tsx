import { AlertEntry, type AlertItem } from '../alerts/alert-entry'

/** One budget's alerts, newest first, each with its delivery attempts (the Alerts page lists all budgets'). */
export function BudgetAlertHistory({ alerts }: { alerts: AlertItem[] }) {
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
            <AlertEntry key={a.id} alert={a} />
          ))}
        </ul>
      )}
    </section>
  )
}
