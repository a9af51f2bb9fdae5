/**
 * Token counts of one call, normalised across providers:
 * `inputTokens` includes cache reads and cache writes, `outputTokens` includes reasoning tokens,
 * `cacheWriteTokens` includes the 1-hour cache writes `cacheWrite1hTokens`.
 */
export interface TokenUsage {
  inputTokens: number
  outputTokens: number
  cacheReadTokens?: number | undefined
  cacheWriteTokens?: number | undefined
  cacheWrite1hTokens?: number | undefined
  reasoningTokens?: number | undefined
  /** Requests to a provider's web-search tool, priced per request (not tokens). */
  webSearchRequests?: number | undefined
}

/** Why a usage is inconsistent, or null when it is fine. */
export function tokenUsageProblem(usage: TokenUsage): string | null {
  const {
    inputTokens,
    outputTokens,
    cacheReadTokens = 0,
    cacheWriteTokens = 0,
    cacheWrite1hTokens = 0,
    reasoningTokens = 0,
    webSearchRequests = 0,
  } = usage
  for (const [name, n] of Object.entries({
    inputTokens,
    outputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    cacheWrite1hTokens,
    reasoningTokens,
    webSearchRequests,
  })) {
    if (!Number.isSafeInteger(n) || n < 0) return `${name} must be a non-negative integer`
  }
  if (cacheReadTokens + cacheWriteTokens > inputTokens)
    return 'cache read + cache write tokens cannot exceed input tokens'
  if (cacheWrite1hTokens > cacheWriteTokens)
    return 'cacheWrite1hTokens (1-hour cache writes) cannot exceed cacheWriteTokens'
  if (reasoningTokens > outputTokens) return 'reasoning tokens cannot exceed output tokens'
  return null
}
