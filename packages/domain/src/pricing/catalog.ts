import { calcPrice, type ModelPrice, type PriceCalculation } from '@pydantic/genai-prices'
import { Decimal, type Usd } from '../money'
import type { AppliedPrices } from './price-set'

/**
 * The maintained price catalog (`@pydantic/genai-prices`), behind the one function the rest of
 * Tokenledger uses, so the catalog can be swapped without touching callers.
 */
export function catalogPrices(
  provider: string,
  model: string,
  promptTokens: number,
  at: Date = new Date(),
  memo?: CatalogMemo,
): AppliedPrices | null {
  const found = memo ? memoLookup(memo, provider, model, at) : lookup(provider, model, at)
  if (!found) return null
  const toUsd = memo ? (value: number) => memoUsd(memo, value) : numberToUsd
  const price = (key: string): Usd | null => {
    const value = priceAt(found.model_price[key], promptTokens)
    return value == null ? null : toUsd(value)
  }
  const inputMtok = price('input_mtok')
  const outputMtok = price('output_mtok')
  if (inputMtok == null && outputMtok == null) return null
  return {
    source: 'catalog',
    ref: `${found.provider.id}:${found.model.id}`,
    inputMtok: inputMtok ?? '0',
    outputMtok: outputMtok ?? '0',
    cacheReadMtok: price('cache_read_mtok'),
    cacheWriteMtok: price('cache_write_mtok'),
    cacheWrite1hMtok: price('cache_write_1h_mtok'),
    reasoningMtok: price('output_reasoning_mtok'),
    webSearchKcount: price('web_searches_kcount'),
  }
}

/**
 * The catalog look-ups of one batch: matching a model against the catalog is most of the cost of
 * pricing an event, and a batch names few models. Make one per batch (`createCatalogMemo`), so a
 * catalog refreshed in between is read by the next batch.
 */
export interface CatalogMemo {
  /** Per provider and model: its catalog entry, kept only when its price does not depend on the time. */
  found: Map<string, PriceCalculation>
  /** The catalog's numbers as exact decimal strings. */
  usd: Map<number, Usd>
}

export function createCatalogMemo(): CatalogMemo {
  return { found: new Map(), usd: new Map() }
}

function memoLookup(memo: CatalogMemo, provider: string, model: string, at: Date): PriceCalculation | null {
  const key = `${provider}\u0000${model}`
  const kept = memo.found.get(key)
  if (kept) return kept
  const found = lookup(provider, model, at)
  // A model with dated or time-of-day prices is looked up per call: its price depends on `at`.
  if (found && !Array.isArray(found.model.prices)) memo.found.set(key, found)
  return found
}

function memoUsd(memo: CatalogMemo, value: number): Usd {
  let usd = memo.usd.get(value)
  if (usd === undefined) {
    usd = numberToUsd(value)
    memo.usd.set(value, usd)
  }
  return usd
}

function lookup(provider: string, model: string, timestamp: Date): PriceCalculation | null {
  const usage = { input_tokens: 0, output_tokens: 0 }
  try {
    return calcPrice(usage, model, { providerId: provider.toLowerCase(), timestamp })
  } catch {
    return null
  }
}

/** Long-context tiers: the tier whose start the call's input tokens exceed applies to the whole call. */
function priceAt(value: ModelPrice[string], promptTokens: number): number | null {
  if (value == null) return null
  if (typeof value === 'number') return value
  let price = value.base
  for (const tier of value.tiers) if (promptTokens > tier.start) price = tier.price
  return price
}

/**
 * The catalog holds JS numbers, some with binary noise (0.18000000000000002); twelve significant
 * digits give the intended price back ("0.18") and keep every real price's digits.
 */
export function numberToUsd(value: number): Usd {
  return new Decimal(value.toPrecision(12)).toFixed()
}
