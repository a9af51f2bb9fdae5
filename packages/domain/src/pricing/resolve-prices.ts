import type { Usd } from '../money'
import { type CatalogMemo, catalogPrices } from './catalog'
import type { AppliedPrices } from './price-set'

/** One `model_prices` row: a custom or negotiated price effective from a moment on. */
export interface CustomPrice {
  id: string | number
  provider: string
  model: string
  inputMtok: Usd
  outputMtok: Usd
  cacheReadMtok: Usd | null
  cacheWriteMtok: Usd | null
  reasoningMtok: Usd | null
  effectiveFrom: Date
}

/** The newest custom price effective at `at` for this provider + model, or null. */
export function effectiveCustomPrice(
  prices: readonly CustomPrice[],
  provider: string,
  model: string,
  at: Date,
): CustomPrice | null {
  let best: CustomPrice | null = null
  for (const price of prices) {
    if (price.provider !== provider || price.model !== model) continue
    if (price.effectiveFrom.getTime() > at.getTime()) continue
    if (!best || price.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = price
  }
  return best
}

/** Custom prices win over the catalog; null means the model is unpriced. */
export function resolvePrices(input: {
  provider: string
  model: string
  promptTokens: number
  at: Date
  customPrices: readonly CustomPrice[]
  /** The batch's catalog look-ups, shared by its events (see `createCatalogMemo`). */
  catalogMemo?: CatalogMemo
}): AppliedPrices | null {
  const custom = effectiveCustomPrice(input.customPrices, input.provider, input.model, input.at)
  if (custom) {
    return {
      source: 'custom',
      ref: String(custom.id),
      effectiveFrom: custom.effectiveFrom.toISOString(),
      inputMtok: custom.inputMtok,
      outputMtok: custom.outputMtok,
      cacheReadMtok: custom.cacheReadMtok,
      cacheWriteMtok: custom.cacheWriteMtok,
      reasoningMtok: custom.reasoningMtok,
    }
  }
  return catalogPrices(input.provider, input.model, input.promptTokens, input.at, input.catalogMemo)
}
