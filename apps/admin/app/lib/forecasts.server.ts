import { type Db, forecastBudgets, forecastTotalSpend } from '@tokenledger/db'
import type { MonthEndForecast } from '@tokenledger/domain'
import { usd } from './format.server'

export interface ForecastView {
  projected: string
  spent: string
  limitReachedOn: string | null
  willExceed: boolean
  method: string
}

function view(forecast: MonthEndForecast): ForecastView {
  return {
    projected: usd(forecast.projectedTotal),
    spent: usd(forecast.spentSoFar),
    limitReachedOn: forecast.limitReachedOn,
    willExceed: forecast.willExceed,
    method: forecast.method === 'weekday-weighted' ? 'weekday-weighted run-rate' : 'run-rate',
  }
}

/** Each budget's forecast for its period's end (month, week or day), formatted, keyed by budget id. */
export async function loadBudgetForecasts(
  db: Db,
  now: Date,
  ids?: number[],
): Promise<Record<number, ForecastView>> {
  const forecasts = await forecastBudgets(db, now, ids)
  return Object.fromEntries([...forecasts].map(([id, f]) => [id, view(f)]))
}

/** The dashboard's projected total for this month, over all organizations. */
export async function loadSpendForecast(db: Db, now: Date): Promise<ForecastView> {
  return view(await forecastTotalSpend(db, now))
}
