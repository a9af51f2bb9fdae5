import DecimalJs from 'decimal.js'

/**
 * Money is a decimal string in US dollars ("0.001234"), never a JS number, so values read from
 * Postgres `numeric` columns pass through unchanged and arithmetic never rounds in binary.
 */
export type Usd = string

/**
 * A call's cost is kept with twelve decimals (`numeric(20,12)`): exact for every price with up to
 * six decimals per million tokens (custom prices are `numeric(14,6)`), so nothing is rounded per call.
 */
export const COST_SCALE = 12

/** Sums shown to people (dashboard, budget figures) are rounded once, after an exact sum, to micro-dollars. */
export const DISPLAY_SCALE = 6

const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP })

export const Decimal = D
export type Decimal = InstanceType<typeof D>

const USD_PATTERN = /^-?\d{1,15}(\.\d{1,12})?$/

export function isUsd(value: unknown): value is Usd {
  return typeof value === 'string' && USD_PATTERN.test(value)
}

/** One call's cost must fit the cost column (numeric(20,12)): below a hundred million dollars. */
export const MAX_CALL_COST = '99999999.999999999999'

/** A non-negative decimal amount a single call can cost. */
export function isCallCost(value: unknown): value is Usd {
  return isUsd(value) && !value.startsWith('-') && toDecimal(value).lte(MAX_CALL_COST)
}

/** Parses a decimal string (or a safe integer count) into a Decimal; throws on anything else. */
export function toDecimal(value: Usd | number | Decimal): Decimal {
  if (value instanceof D) return value as Decimal
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError(`money must be a decimal string, got float ${value}`)
    return new D(value)
  }
  if (!isUsd(value)) throw new TypeError(`not a decimal amount: ${JSON.stringify(value)}`)
  return new D(value)
}

/** Rounds half-up to a fixed scale and renders without exponent, e.g. "0.000195". */
export function roundUsd(value: Decimal, scale = DISPLAY_SCALE): Usd {
  return value.toDecimalPlaces(scale, D.ROUND_HALF_UP).toFixed(scale)
}

/**
 * A call's cost as stored: the exact value at the cost column's scale, trailing zeros trimmed
 * ("0.00000165", "2.5", "0"). Only digits past the twelfth decimal are rounded (half-up).
 */
export function exactUsd(value: Decimal): Usd {
  return value.toDecimalPlaces(COST_SCALE, D.ROUND_HALF_UP).toFixed()
}

/** A stored cost as the api returns it: "0.000001650000" (PostgreSQL's rendering) becomes "0.00000165". */
export function trimUsd<T extends Usd | null>(value: T): T {
  return (value == null ? value : exactUsd(toDecimal(value))) as T
}

/**
 * An exact sum at the cost scale, rendered as PostgreSQL renders the money columns
 * ("1.250000000000"); pass DISPLAY_SCALE for a figure shown to people (rounded once, at the end).
 */
export function sumUsd(values: Iterable<Usd | null | undefined>, scale = COST_SCALE): Usd {
  let total = new D(0)
  for (const value of values) if (value != null) total = total.plus(toDecimal(value))
  return roundUsd(total, scale)
}

/** "$1,234.57"-style display; for display only, never for arithmetic. */
export function formatUsd(value: Usd, fractionDigits = 2): string {
  const d = toDecimal(value)
  const fixed = d.toFixed(fractionDigits, D.ROUND_HALF_UP)
  const [whole = '0', fraction] = fixed.replace('-', '').split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${d.isNegative() && !d.isZero() ? '-' : ''}$${grouped}${fraction ? `.${fraction}` : ''}`
}

/**
 * One call's cost (or a price), short but never misleading: two decimals from a dollar up, four
 * from a cent, every stored decimal below ("$1.25", "$0.0789", "$0.00000165" — a tiny call keeps
 * its digits, never "$0.000002"), trailing zeros past the cents dropped.
 */
export function formatCallCost(value: Usd): string {
  const size = toDecimal(value).abs()
  if (size.gte(1)) return formatUsd(value, 2)
  return formatUsd(value, size.gte('0.01') ? 4 : COST_SCALE).replace(/(\.\d{2}\d*?)0+$/, '$1')
}
