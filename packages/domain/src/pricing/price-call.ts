import type { Usd } from '../money'
import { exactUsd, toDecimal } from '../money'
import { calculateCost } from './calculate-cost'
import type { CatalogMemo } from './catalog'
import type { AppliedPrices, PriceSource } from './price-set'
import type { PricedTokens } from './priced-tokens'
import { type CustomPrice, resolvePrices } from './resolve-prices'

export interface PricedCall {
  /** null when the model is unpriced: never a silent 0. */
  cost: Usd | null
  source: PriceSource | null
  prices: AppliedPrices | null
}

/** The cost of one call: a cost supplied by the caller wins, then custom prices, then the catalog. */
export function priceCall(input: {
  provider: string
  model: string
  usage: PricedTokens
  at: Date
  customPrices: readonly CustomPrice[]
  callerCost?: Usd | null
  /** The batch's catalog look-ups, shared by its events (see `createCatalogMemo`). */
  catalogMemo?: CatalogMemo
}): PricedCall {
  const prices = resolvePrices({ ...input, promptTokens: input.usage.promptTokens })
  if (input.callerCost != null) {
    return { cost: exactUsd(toDecimal(input.callerCost)), source: 'caller', prices }
  }
  if (!prices) return { cost: null, source: null, prices: null }
  return { cost: calculateCost(input.usage, prices), source: prices.source, prices }
}
