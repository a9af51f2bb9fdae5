import type { SerializeFrom } from '@remix-run/node'
import { Link } from '@remix-run/react'
import type { loadDashboard } from '../../lib/dashboard.server'
import { formatDateTime, formatPercent } from '../../lib/format'
import { Panel } from '../panel'
import { UsageBar } from '../usage-bar'

type DashboardData = SerializeFrom<typeof loadDashboard>

/** This month's budgets past their warning or limit, and the overrides used. */
export function BudgetWidget({
  budgets,
  overrides,
}: {
  budgets: DashboardData['budgets']
  overrides: DashboardData['overrides']
}) {
  const nothing = !budgets.exceeded.length && !budgets.warning.length
  return (
    <Panel
      title="Budgets"
      subtitle="This month"
      testId="budget-widget"
      action={
        <Link to="/budgets" className="link text-sm">
          All budgets
        </Link>
      }
    >
      <div className="grid grid-cols-3 gap-3 text-center">
        <Count
          label="Exceeded"
          value={budgets.exceeded.length}
          tone="text-rose-600"
          testId="count-exceeded"
        />
        <Count
          label="At warning"
          value={budgets.warning.length}
          tone="text-amber-600"
          testId="count-warning"
        />
        <Count
          label="Overrides used"
          value={overrides.count}
          tone="text-violet-600"
          testId="count-overrides"
        />
      </div>
      {nothing && <p className="mt-5 text-sm text-gray-500">Every budget is below its warning threshold.</p>}
      <ul className="mt-5 space-y-4">
        {[
          ...budgets.exceeded.map((b) => ({ ...b, state: 'exceeded' as const })),
          ...budgets.warning.map((b) => ({ ...b, state: 'warning' as const })),
        ]
          .slice(0, 6)
          .map((b) => (
            <li key={b.id} data-testid={`budget-${b.state}`}>
              <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
                <Link
                  to={`/budgets/${b.id}`}
                  className="truncate font-medium text-gray-800 hover:text-indigo-600"
                >
                  {b.scope}
                </Link>
                <span
                  className={`shrink-0 font-semibold tabular-nums ${b.state === 'exceeded' ? 'text-rose-600' : 'text-amber-600'}`}
                >
                  {formatPercent(b.percent)}
                </span>
              </div>
              <UsageBar
                percent={b.percent}
                threshold={b.threshold}
                state={b.state}
                label={`${b.scope} budget use`}
              />
              <p className="mt-1 text-xs tabular-nums text-gray-500" data-testid="budget-usage">
                {b.usage} of {b.limit}
              </p>
            </li>
          ))}
      </ul>
      {overrides.recent.length > 0 && (
        <div className="mt-6 border-t border-gray-100 pt-4">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-gray-500">Recent overrides</h3>
          <ul className="mt-2 space-y-1.5 text-sm" data-testid="recent-overrides">
            {overrides.recent.map((o) => (
              <li key={o.id} className="flex justify-between gap-2">
                <span className="truncate text-gray-700">
                  {o.userName} · {o.organizationName}
                </span>
                <span className="shrink-0 text-xs text-gray-500">{formatDateTime(o.usedAt)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  )
}

function Count({
  label,
  value,
  tone,
  testId,
}: {
  label: string
  value: number
  tone: string
  testId: string
}) {
  return (
    <div className="rounded-lg bg-gray-50 px-2 py-3">
      <p
        className={`text-2xl font-semibold tabular-nums ${value ? tone : 'text-gray-400'}`}
        data-testid={testId}
      >
        {value}
      </p>
      <p className="text-xs text-gray-500">{label}</p>
    </div>
  )
}
