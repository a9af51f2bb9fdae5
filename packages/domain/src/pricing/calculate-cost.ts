import { Decimal, roundUsd, toDecimal, type Usd } from '../money'
import type { PriceSet } from './price-set'
import type { PricedTokens } from './priced-tokens'

const MILLION = new Decimal(1_000_000)

/** Cost of one call in USD, exact in decimal, rounded half-up to micro-dollars. */
export function calculateCost(usage: PricedTokens, prices: PriceSet): Usd {
  const cacheRead = usage.cachedTokens ?? 0
  const cacheWrite = usage.cacheWriteTokens ?? 0
  const reasoning = usage.reasoningTokens ?? 0
  const input = toDecimal(prices.inputMtok)
  const output = toDecimal(prices.outputMtok)
  const parts: Array<[number, Decimal]> = [
    [usage.promptTokens - cacheRead - cacheWrite, input],
    [cacheRead, prices.cacheReadMtok != null ? toDecimal(prices.cacheReadMtok) : input],
    [cacheWrite, prices.cacheWriteMtok != null ? toDecimal(prices.cacheWriteMtok) : input],
    [usage.completionTokens - reasoning, output],
    [reasoning, prices.reasoningMtok != null ? toDecimal(prices.reasoningMtok) : output],
  ]
  let perMillion = new Decimal(0)
  for (const [tokens, price] of parts) perMillion = perMillion.plus(price.times(Math.max(0, tokens)))
  return roundUsd(perMillion.div(MILLION))
}
