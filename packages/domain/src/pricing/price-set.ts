import type { Usd } from '../money'

/**
 * Prices in USD per million tokens (and per thousand web searches). A missing cache or reasoning
 * price falls back to the input/output price; a missing 1-hour cache-write price to the cache-write
 * price; a missing web-search price makes searches free (the catalog has no price for them).
 */
export interface PriceSet {
  inputMtok: Usd
  outputMtok: Usd
  cacheReadMtok?: Usd | null
  cacheWriteMtok?: Usd | null
  cacheWrite1hMtok?: Usd | null
  reasoningMtok?: Usd | null
  webSearchKcount?: Usd | null
}

export type PriceSource = 'catalog' | 'custom' | 'caller'

/** The prices a cost was computed with, as stored on each log row. */
export interface AppliedPrices extends PriceSet {
  source: Exclude<PriceSource, 'caller'>
  /** catalog: the catalog's model id; custom: the `model_prices` row id. */
  ref: string
  effectiveFrom?: string | null
}
