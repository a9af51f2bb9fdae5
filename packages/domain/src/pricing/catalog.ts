import { calcPrice, type ModelPrice } from '@pydantic/genai-prices'
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
): AppliedPrices | null {
  const found = lookup(provider, model, at)
  if (!found) return null
  const price = (key: string): Usd | null => {
    const value = priceAt(found.model_price[key], promptTokens)
    return value == null ? null : numberToUsd(value)
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

function lookup(provider: string, model: string, timestamp: Date) {
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
