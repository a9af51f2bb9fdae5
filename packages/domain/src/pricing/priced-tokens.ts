/**
 * The token counts a price is applied to, in the usage event's vocabulary: `promptTokens` includes
 * cached and cache-write tokens, `completionTokens` includes reasoning tokens. (The SDK's
 * `TokenUsage` is the measured call's counts; this is what pricing reads.)
 */
export interface PricedTokens {
  promptTokens: number
  completionTokens: number
  cachedTokens?: number
  cacheWriteTokens?: number
  reasoningTokens?: number
}

/** Why the counts are inconsistent, or null when it is fine. */
export function pricedTokensProblem(usage: PricedTokens): string | null {
  const {
    promptTokens,
    completionTokens,
    cachedTokens = 0,
    cacheWriteTokens = 0,
    reasoningTokens = 0,
  } = usage
  for (const [name, n] of Object.entries({
    promptTokens,
    completionTokens,
    cachedTokens,
    cacheWriteTokens,
    reasoningTokens,
  })) {
    if (!Number.isSafeInteger(n) || n < 0) return `${name} must be a non-negative integer`
  }
  if (cachedTokens + cacheWriteTokens > promptTokens)
    return 'cached + cache write tokens cannot exceed prompt tokens'
  if (reasoningTokens > completionTokens) return 'reasoning tokens cannot exceed completion tokens'
  return null
}
