import DecimalJs from 'decimal.js'

/**
 * Money is a decimal string in US dollars ("0.001234"), never a JS number, so values read from
 * Postgres `numeric` columns pass through unchanged and arithmetic never rounds in binary.
 */
export type Usd = string

/** Costs are stored with six decimals (micro-dollars), the scale of every money column. */
export const COST_SCALE = 6

const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP })

export const Decimal = D
export type Decimal = InstanceType<typeof D>

const USD_PATTERN = /^-?\d{1,15}(\.\d{1,12})?$/

export function isUsd(value: unknown): value is Usd {
  return typeof value === 'string' && USD_PATTERN.test(value)
}

/** One call's cost must fit the cost columns (numeric(12,6)): below a million dollars. */
export const MAX_CALL_COST = '999999.999999'

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

/** Rounds half-up to the storage scale and renders without exponent, e.g. "0.000195". */
export function roundUsd(value: Decimal, scale = COST_SCALE): Usd {
  return value.toDecimalPlaces(scale, D.ROUND_HALF_UP).toFixed(scale)
}

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
 * from a cent, six below ("$1.25", "$0.0789", "$0.000012"), trailing zeros past the cents dropped.
 */
export function formatCallCost(value: Usd): string {
  const size = toDecimal(value).abs()
  if (size.gte(1)) return formatUsd(value, 2)
  return formatUsd(value, size.gte('0.01') ? 4 : 6).replace(/(\.\d{2}\d*?)0+$/, '$1')
}
