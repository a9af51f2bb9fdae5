import { type Decimal, roundUsd, toDecimal, type Usd } from '@tokenledger/domain'

/** Days before the day checked that make its baseline. */
export const ANOMALY_WINDOW_DAYS = 14
export const DEFAULT_ANOMALY_FACTOR = '3'

/**
 * Is a day's spend an anomaly: more than `factor` × the median of the trailing days (days without
 * spend count as 0)? A median of 0 (spend on fewer than half of the trailing days) is no baseline:
 * never an anomaly, or every first day of use would be one.
 */
export function spendAnomaly(input: {
  cost: Usd
  trailing: Usd[]
  factor: Usd
}): { anomaly: false } | { anomaly: true; median: Usd; ratio: string } {
  const median = medianOf(input.trailing.map((c) => toDecimal(c)))
  if (median.lte(0)) return { anomaly: false }
  const cost = toDecimal(input.cost)
  if (!cost.gt(median.times(toDecimal(input.factor)))) return { anomaly: false }
  return { anomaly: true, median: roundUsd(median), ratio: cost.div(median).toFixed(2) }
}

function medianOf(values: Decimal[]): Decimal {
  if (!values.length) return toDecimal(0)
  const sorted = [...values].sort((a, b) => a.comparedTo(b))
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as Decimal)
    : (sorted[mid - 1] as Decimal).plus(sorted[mid] as Decimal).div(2)
}

/** TOKENLEDGER_ANOMALY_FACTOR: a decimal above 1 (default 3). */
export function parseAnomalyFactor(value: string | undefined): Usd {
  if (value == null || value.trim() === '') return DEFAULT_ANOMALY_FACTOR
  const text = value.trim()
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(text) || !toDecimal(text).gt(1))
    throw new Error(
      `TOKENLEDGER_ANOMALY_FACTOR must be a number above 1, e.g. 3 or 2.5; got ${JSON.stringify(value)}`,
    )
  return text
}
