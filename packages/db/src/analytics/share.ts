import { Decimal, sumUsd, toDecimal, type Usd } from '@tokenledger/domain'

/** Each row's share of the total cost in percent, one decimal (0 when the total is 0). */
export function withShares<T extends { cost: Usd }>(rows: T[]): Array<T & { share: number }> {
  const total = toDecimal(sumUsd(rows.map((r) => r.cost)))
  return rows.map((row) => ({
    ...row,
    share: total.isZero()
      ? 0
      : toDecimal(row.cost).div(total).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber(),
  }))
}
