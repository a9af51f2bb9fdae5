/**
 * Token counts normalised across providers, as Tokenledger stores them:
 * `promptTokens` INCLUDES cached and cache-write tokens, `completionTokens` INCLUDES reasoning tokens.
 */
export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  cachedTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
}

export const NO_USAGE: Readonly<TokenUsage> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
})

/** A non-negative integer, or 0 for anything a provider left out or got wrong. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0
}

/**
 * Keeps the parts inside their totals (the api refuses cached + cache-write > prompt and
 * reasoning > completion): a total a provider under-reports is raised to its parts.
 */
export function consistentUsage(usage: TokenUsage): TokenUsage {
  return {
    ...usage,
    promptTokens: Math.max(usage.promptTokens, usage.cachedTokens + usage.cacheWriteTokens),
    completionTokens: Math.max(usage.completionTokens, usage.reasoningTokens),
  }
}
