import { calcPrice, type ModelPrice } from '@pydantic/genai-prices'
import type { Usd } from '../money'
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
    reasoningMtok: null,
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

/** The catalog holds JS numbers; their shortest decimal rendering is the intended price. */
function numberToUsd(value: number): Usd {
  const text = String(value)
  if (!/e/i.test(text)) return text
  return value.toFixed(12).replace(/\.?0+$/, '')
}
