import { priceCall } from '@tokenledger/domain'
import {
  DEFAULT_ESTIMATED_OUTPUT_TOKENS,
  picoUsd,
  requestShape,
  tokensByLength,
  usdFromPico,
} from '@tokenledger/sdk'

/** Prices are looked up once per provider and model for this long (the catalog lookup costs ~0.5 ms). */
const PRICE_TTL_MS = 60 * 60 * 1_000
const MAX_PRICED_MODELS = 1_000

interface Rate {
  /** Picodollars per 1,000 input / output tokens at the catalog's prices; null when unpriced. */
  per1k: { input: bigint; output: bigint } | null
  until: number
}
const rates = new Map<string, Rate>()

/**
 * What a proxied call may cost, for the budget check before it is forwarded: the request's text
 * at 4 characters a token (no tokenizer on the hot path; images and files are not counted) plus
 * its output maximum (`max_completion_tokens`, `max_tokens`, `max_output_tokens`; 1,024 when
 * unset), at the catalog's prices. Undefined for a model the catalog does not price: such a call
 * is checked without an estimate.
 */
export function estimateCallCost(
  provider: string,
  model: unknown,
  body: unknown,
  now = Date.now(),
): string | undefined {
  if (typeof model !== 'string' || model === '') return undefined
  const rate = rateOf(provider, model, now)
  if (!rate) return undefined
  const shape = requestShape(body)
  const input = BigInt(tokensByLength(shape.texts))
  const output = BigInt(shape.maxOutputTokens ?? DEFAULT_ESTIMATED_OUTPUT_TOKENS)
  const scaled = input * rate.input + output * rate.output
  // Rounded up to the picodollar: an estimate errs high.
  return usdFromPico((scaled + 999n) / 1_000n)
}

function rateOf(provider: string, model: string, now: number): Rate['per1k'] {
  const key = `${provider}\u0000${model}`
  const known = rates.get(key)
  if (known && known.until > now) return known.per1k
  const at = new Date(now)
  const cost = (promptTokens: number, completionTokens: number) =>
    priceCall({ provider, model, usage: { promptTokens, completionTokens }, at, customPrices: [] }).cost
  const input = cost(1_000, 0)
  const both = cost(1_000, 1_000)
  const per1k =
    input !== null && both !== null ? { input: picoUsd(input), output: picoUsd(both) - picoUsd(input) } : null
  rates.delete(key)
  rates.set(key, { per1k, until: now + PRICE_TTL_MS })
  if (rates.size > MAX_PRICED_MODELS) rates.delete(rates.keys().next().value as string)
  return per1k
}
