import type { Usd } from '../money'

/** Prices in USD per million tokens. A missing cache or reasoning price falls back to the input/output price. */
export interface PriceSet {
  inputMtok: Usd
  outputMtok: Usd
  cacheReadMtok?: Usd | null
  cacheWriteMtok?: Usd | null
  reasoningMtok?: Usd | null
}

export type PriceSource = 'catalog' | 'custom' | 'caller'

/** The prices a cost was computed with, as stored on each log row. */
export interface AppliedPrices extends PriceSet {
  source: Exclude<PriceSource, 'caller'>
  /** catalog: the catalog's model id; custom: the `model_prices` row id. */
  ref: string
  effectiveFrom?: string | null
}
