/**
 * The token counts a price is applied to, in the usage event's vocabulary: `promptTokens` includes
 * cached and cache-write tokens, `cacheWriteTokens` includes the 1-hour cache writes
 * `cacheWrite1hTokens`, `completionTokens` includes reasoning tokens. (The SDK's
 * `TokenUsage` is the measured call's counts; this is what pricing reads.)
 */
export interface PricedTokens {
  promptTokens: number
  completionTokens: number
  cachedTokens?: number | undefined
  cacheWriteTokens?: number | undefined
  cacheWrite1hTokens?: number | undefined
  reasoningTokens?: number | undefined
  /** Requests to a provider's web-search tool, priced per request (not tokens). */
  webSearchRequests?: number | undefined
}

/** Why the counts are inconsistent, or null when it is fine. */
export function pricedTokensProblem(usage: PricedTokens): string | null {
  const {
    promptTokens,
    completionTokens,
    cachedTokens = 0,
    cacheWriteTokens = 0,
    cacheWrite1hTokens = 0,
    reasoningTokens = 0,
    webSearchRequests = 0,
  } = usage
  for (const [name, n] of Object.entries({
    promptTokens,
    completionTokens,
    cachedTokens,
    cacheWriteTokens,
    cacheWrite1hTokens,
    reasoningTokens,
    webSearchRequests,
  })) {
    if (!Number.isSafeInteger(n) || n < 0) return `${name} must be a non-negative integer`
  }
  if (cachedTokens + cacheWriteTokens > promptTokens)
    return 'cached + cache write tokens cannot exceed prompt tokens'
  if (cacheWrite1hTokens > cacheWriteTokens)
    return 'cacheWrite1hTokens (1-hour cache writes) cannot exceed cacheWriteTokens'
  if (reasoningTokens > completionTokens) return 'reasoning tokens cannot exceed completion tokens'
  return null
}
