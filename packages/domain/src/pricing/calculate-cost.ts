import { Decimal, exactUsd, toDecimal, type Usd } from '../money'
import type { PriceSet } from './price-set'
import type { PricedTokens } from './priced-tokens'

const MILLION = new Decimal(1_000_000)
const THOUSAND = new Decimal(1_000)

/**
 * Cost of one call in USD, exact in decimal (see `exactUsd`: no per-call rounding; trailing zeros
 * trimmed). Each token is priced once: plain input, cache reads, 5-minute and 1-hour cache writes,
 * plain output and reasoning; web searches per request.
 */
export function calculateCost(usage: PricedTokens, prices: PriceSet): Usd {
  const cacheRead = usage.cachedTokens ?? 0
  const cacheWrite = usage.cacheWriteTokens ?? 0
  const cacheWrite1h = Math.min(usage.cacheWrite1hTokens ?? 0, cacheWrite)
  const reasoning = usage.reasoningTokens ?? 0
  const input = toDecimal(prices.inputMtok)
  const output = toDecimal(prices.outputMtok)
  const cacheWriteRate = prices.cacheWriteMtok != null ? toDecimal(prices.cacheWriteMtok) : input
  const parts: Array<[number, Decimal]> = [
    [usage.promptTokens - cacheRead - cacheWrite, input],
    [cacheRead, prices.cacheReadMtok != null ? toDecimal(prices.cacheReadMtok) : input],
    [cacheWrite - cacheWrite1h, cacheWriteRate],
    [cacheWrite1h, prices.cacheWrite1hMtok != null ? toDecimal(prices.cacheWrite1hMtok) : cacheWriteRate],
    [usage.completionTokens - reasoning, output],
    [reasoning, prices.reasoningMtok != null ? toDecimal(prices.reasoningMtok) : output],
  ]
  let perMillion = new Decimal(0)
  for (const [tokens, price] of parts) perMillion = perMillion.plus(price.times(Math.max(0, tokens)))
  let cost = perMillion.div(MILLION)
  const searches = usage.webSearchRequests ?? 0
  if (searches > 0 && prices.webSearchKcount != null)
    cost = cost.plus(toDecimal(prices.webSearchKcount).times(searches).div(THOUSAND))
  return exactUsd(cost)
}
