import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import type { toBudgetRow } from '../../lib/budgets.server'
import { formatPercent } from '../../lib/format'
import { externalIdBeside } from '../../lib/labels'
import { ExternalIdChip } from '../external-id'
import { Badge, UsageBar } from '../usage-bar'
import { type InFlight, InFlightReservations } from './in-flight'

type BudgetRow = SerializeFrom<typeof toBudgetRow>

interface BudgetForecast {
  projected: string
  limitReachedOn: string | null
  willExceed: boolean
  method: string
}

const STATE_LABELS = {
  ok: 'ok',
  warning: 'warning',
  exceeded: 'exceeded',
  inactive: 'inactive',
  unlimited: 'no limit',
}

/** Every budget with its use this period, limit, projection and state, and Edit / (De)activate. */
export function BudgetTable({
  budgets,
  forecasts,
  inFlight = {},
}: {
  budgets: BudgetRow[]
  forecasts: Partial<Record<number, BudgetForecast>>
  /** Reservations of calls checked but not yet logged, per budget id. */
  inFlight?: Partial<Record<number, InFlight>>
}) {
  return (
    <div className="overflow-x-auto">
      <table className="compact-table min-w-full divide-y divide-gray-200" data-testid="budgets-table">
        <thead className="bg-gray-50">
          <tr>
            <th className="th">For</th>
            <th className="th">Period</th>
            <th className="th">Usage this period</th>
            <th className="th text-right">Limit</th>
            {/* Forecast and state may wrap, Edit / Deactivate are stacked: the table fits 1280 px. */}
            <th className="th whitespace-normal text-right">Projected period end</th>
            <th className="th whitespace-normal text-right">In flight</th>
            <th className="th">State</th>
            <th className="th">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {budgets.map((b) => (
            <tr
              key={b.id}
              className={b.isActive ? '' : 'bg-gray-50/60 text-gray-400'}
              data-testid="budget-row"
              data-budget-id={b.id}
            >
              <td className="td whitespace-normal">
                <p className="font-medium text-gray-900" data-testid="budget-name">
                  {b.name}
                  {b.scope === 'user' && (
                    <ExternalIdChip value={externalIdBeside(b.name, b.userExternalId)} />
                  )}
                </p>
                <p className="text-xs text-gray-500 [overflow-wrap:anywhere]" data-testid="budget-scope">
                  {b.scope === 'organization'
                    ? b.scopeLabel
                    : `${b.scopeLabel}${b.scope === 'user' && b.userEmail ? ` · ${b.userEmail}` : ''} · ${b.organizationName}`}
                </p>
              </td>
              <td className="td" data-testid="budget-period">
                <p className="text-sm capitalize text-gray-900">{b.period}</p>
                {b.timeZone !== 'UTC' && <p className="text-xs text-gray-500">{b.timeZone}</p>}
              </td>
              <td className="td">
                <div className="flex items-center gap-3">
                  <div className="min-w-[7rem] flex-1">
                    <UsageBar
                      percent={b.percent}
                      threshold={b.limit == null ? null : b.threshold}
                      state={b.state}
                      label={`Budget use for ${b.name}`}
                    />
                  </div>
                  <span className="w-14 text-right text-xs font-semibold tabular-nums text-gray-700">
                    {formatPercent(b.percent)}
                  </span>
                </div>
                <p className="mt-1 text-xs tabular-nums text-gray-500" data-testid="budget-usage">
                  {b.usage} spent{b.limit != null && ` · warns at ${b.threshold}%`}
                </p>
              </td>
              <td
                className="td text-right font-semibold tabular-nums text-gray-900"
                data-testid="budget-limit"
              >
                {b.limit ?? '—'}
              </td>
              <td className="td whitespace-normal text-right tabular-nums" data-testid="budget-forecast">
                <Forecast forecast={forecasts[b.id]} active={b.isActive} limited={b.limit != null} />
              </td>
              <td className="td text-right text-xs" data-testid="budget-in-flight">
                <InFlightReservations inFlight={inFlight[b.id]} />
              </td>
              <td className="td whitespace-normal" data-testid="budget-state">
                <Badge tone={b.state}>{STATE_LABELS[b.state]}</Badge>
                <p className="mt-1 text-xs text-gray-500">
                  {b.allowOverride ? 'overrides allowed' : 'blocks at the limit'}
                </p>
              </td>
              <td className="td text-right">
                <div className="flex flex-col items-end gap-1.5">
                  <Link
                    to={`/budgets/${b.id}`}
                    className="btn-secondary px-2.5 py-1.5 text-xs"
                    aria-label={`Edit the ${b.period} budget for ${b.name}`}
                  >
                    Edit
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="budgetId" value={b.id} />
                    <button
                      type="submit"
                      name="intent"
                      value={b.isActive ? 'deactivate' : 'activate'}
                      className="btn-secondary px-2.5 py-1.5 text-xs"
                      aria-label={`${b.isActive ? 'Deactivate' : 'Activate'} the ${b.period} budget for ${b.name}`}
                    >
                      {b.isActive ? 'Deactivate' : 'Activate'}
                    </button>
                  </Form>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The projection for the end of the budget's period; for a budget that will run out, the day it will. */
function Forecast({
  forecast,
  active,
  limited,
}: {
  forecast: BudgetForecast | undefined
  active: boolean
  limited: boolean
}) {
  if (!forecast) return <span className="text-gray-400">—</span>
  const warn = active && limited && forecast.willExceed
  return (
    <span title={`Projected by ${forecast.method}`}>
      <span className={`font-semibold ${warn ? 'text-rose-600' : 'text-gray-900'}`}>
        {forecast.projected}
      </span>
      {warn && forecast.limitReachedOn && (
        <span className="block text-xs text-rose-600">limit reached {forecast.limitReachedOn}</span>
      )}
    </span>
  )
}

/**
 * Previous / Next through the list's pages, keeping its filters (not a one-off notice such as
 * "Budget saved."); shown only when there is more than one page.
 */
export function BudgetPager({
  page,
  pageCount,
  total,
  count,
  params,
}: {
  page: number
  pageCount: number
  total: number
  /** Budgets on this page. */
  count: number
  params: URLSearchParams
}) {
  if (pageCount <= 1) return null
  const to = (target: number) => {
    const next = new URLSearchParams()
    for (const name of ['org', 'scope']) {
      const value = params.get(name)
      if (value) next.set(name, value)
    }
    if (target > 1) next.set('page', String(target))
    return `/budgets${next.size ? `?${next}` : ''}`
  }
  return (
    <nav
      className="flex items-center justify-between gap-3 border-t border-gray-200 bg-white px-4 py-3 sm:px-6"
      aria-label="Pages"
    >
      <p className="text-sm text-gray-500" data-testid="budget-page-status">
        Page {page} of {pageCount} · {count} of {total} budgets
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link to={to(page - 1)} className="btn-secondary" rel="prev" data-testid="previous-page">
            Previous
          </Link>
        ) : (
          <span className="btn-secondary pointer-events-none opacity-50" aria-disabled="true">
            Previous
          </span>
        )}
        {page < pageCount ? (
          <Link to={to(page + 1)} className="btn-secondary" rel="next" data-testid="next-page">
            Next
          </Link>
        ) : (
          <span className="btn-secondary pointer-events-none opacity-50" aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  )
}
