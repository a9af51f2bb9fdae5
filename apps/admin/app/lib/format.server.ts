import { formatCallCost, formatUsd, type Usd } from '@tokenledger/domain'

/** Dollars and cents, e.g. "$1,234.57": totals, budgets, cards. */
export function usd(value: Usd): string {
  return formatUsd(value, 2)
}

/**
 * One call's cost, short but never misleading: "$1.25", "$0.0789", "$0.00000165" (a tiny call
 * keeps its digits, never "$0.000002"); "unpriced" when the model had no price.
 */
export function callCost(value: Usd | null): string {
  return value == null ? 'unpriced' : formatCallCost(value)
}

/** A cost with every stored decimal (up to twelve), e.g. "$0.0035", "$0.00000165" (the detail page). */
export function exactCost(value: Usd | null): string {
  return value == null ? 'unpriced' : formatUsd(value, 12).replace(/(\.\d{2}\d*?)0+$/, '$1')
}

/** A price per million tokens, e.g. "$2.50", "$0.075". */
export function pricePerMillion(value: Usd | null | undefined): string {
  if (value == null) return '—'
  return callCost(value)
}
