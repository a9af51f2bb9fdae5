import type { SerializeFrom } from '@remix-run/node'
import { Link } from '@remix-run/react'
import type { BudgetsAtRiskView } from '../../lib/budgets-at-risk.server'
import { formatDay } from '../../lib/format'
import { ExternalIdChip } from '../external-id'
import { Empty, Panel } from '../panel'

/**
 * The budgets forecast to reach their limit this period, and those already past it, soonest
 * limit day first, each linking to its budget.
 */
export function BudgetsAtRisk({ atRisk }: { atRisk: SerializeFrom<BudgetsAtRiskView> }) {
  return (
    <Panel
      title="Budgets at risk"
      subtitle="Forecast to reach their limit this period, or past it"
      testId="budgets-at-risk"
      flush
      action={
        <Link to="/budgets" className="link text-sm">
          All budgets
        </Link>
      }
    >
      {atRisk.rows.length === 0 ? (
        <div className="px-5" data-testid="budgets-at-risk-empty">
          <Empty>No budget is on course to reach its limit this period.</Empty>
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-gray-200">
            <thead className="bg-gray-50">
              <tr>
                <th className="th">For</th>
                <th className="th">Period</th>
                <th className="th text-right">Spent / limit</th>
                <th className="th text-right">Projected</th>
                <th className="th text-right">Limit reached</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 bg-white">
              {atRisk.rows.map((b) => (
                <tr key={b.id} data-testid="at-risk-row" data-budget-id={b.id}>
                  <td className="td whitespace-normal">
                    <Link
                      to={b.href}
                      className="font-medium text-gray-900 hover:text-indigo-600"
                      data-testid="at-risk-name"
                    >
                      {b.name}
                    </Link>
                    <ExternalIdChip value={b.externalId} />
                    <p className="text-xs text-gray-500" data-testid="at-risk-scope">
                      {b.scopeLabel}
                    </p>
                  </td>
                  <td className="td" data-testid="at-risk-period">
                    <p className="text-sm capitalize text-gray-900">{b.period}</p>
                    {b.timeZone !== 'UTC' && <p className="text-xs text-gray-500">{b.timeZone}</p>}
                  </td>
                  <td className="td text-right tabular-nums" data-testid="at-risk-usage">
                    {b.spent} / {b.limit}
                  </td>
                  <td
                    className="td text-right font-semibold tabular-nums text-rose-600"
                    data-testid="at-risk-projected"
                  >
                    {b.projected}
                  </td>
                  <td className="td text-right tabular-nums" data-testid="at-risk-day">
                    {b.limitReachedOn && (
                      <time dateTime={b.limitReachedOn}>
                        {b.over ? 'reached ' : ''}
                        {formatDay(b.limitReachedOn)}
                      </time>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {atRisk.more > 0 && (
            <p className="px-5 py-3 text-sm text-gray-500" data-testid="at-risk-more">
              and {atRisk.more} more:{' '}
              <Link to="/budgets" className="link">
                see every budget's projection
              </Link>
            </p>
          )}
        </div>
      )}
    </Panel>
  )
}
