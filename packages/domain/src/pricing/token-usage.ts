/**
 * Token counts of one call, normalised across providers:
 * `inputTokens` includes cache reads and cache writes, `outputTokens` includes reasoning tokens.
 */
export interface TokenUsage {
  inputTokens: number
  outputTokens: number
  cacheReadTokens?: number
  cacheWriteTokens?: number
  reasoningTokens?: number
}

/** Why a usage is inconsistent, or null when it is fine. */
export function tokenUsageProblem(usage: TokenUsage): string | null {
  const { inputTokens, outputTokens, cacheReadTokens = 0, cacheWriteTokens = 0, reasoningTokens = 0 } = usage
  for (const [name, n] of Object.entries({
    inputTokens,
    outputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    reasoningTokens,
  })) {
    if (!Number.isSafeInteger(n) || n < 0) return `${name} must be a non-negative integer`
  }
  if (cacheReadTokens + cacheWriteTokens > inputTokens)
    return 'cache read + cache write tokens cannot exceed input tokens'
  if (reasoningTokens > outputTokens) return 'reasoning tokens cannot exceed output tokens'
  return null
}
