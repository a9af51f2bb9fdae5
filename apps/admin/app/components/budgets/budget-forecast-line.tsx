import type { ForecastView } from '../../lib/forecasts.server'

const PERIOD_ENDS: Record<string, string> = { monthly: 'month end', weekly: 'week end', daily: 'day end' }

/** A budget's projection on its own page: the period's projected total, and when the limit falls. */
export function BudgetForecastLine({
  forecast,
  period,
  limited,
}: {
  forecast: ForecastView
  period: string
  limited: boolean
}) {
  return (
    <p className="mt-1 text-sm tabular-nums text-gray-600" data-testid="budget-forecast">
      Projected {PERIOD_ENDS[period] ?? 'period end'}:{' '}
      <span className="font-semibold text-gray-900">{forecast.projected}</span> ({forecast.method})
      {limited && forecast.willExceed && forecast.limitReachedOn && (
        <span className="text-rose-600"> · limit reached {forecast.limitReachedOn} at this rate</span>
      )}
    </p>
  )
}
