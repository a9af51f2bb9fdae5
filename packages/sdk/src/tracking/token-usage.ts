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
  /** The part of `cacheWriteTokens` written with a 1-hour TTL; present only when a provider reports it. */
  cacheWrite1hTokens?: number
  /** Server-side web searches the provider ran; present only when a provider reports some. */
  webSearchRequests?: number
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
  const cacheWriteTokens = Math.max(usage.cacheWriteTokens, usage.cacheWrite1hTokens ?? 0)
  return {
    ...usage,
    cacheWriteTokens,
    promptTokens: Math.max(usage.promptTokens, usage.cachedTokens + cacheWriteTokens),
    completionTokens: Math.max(usage.completionTokens, usage.reasoningTokens),
  }
}

/** `{ [key]: n }` when n > 0, else nothing: the optional parts stay absent unless reported. */
export function reported<K extends 'cacheWrite1hTokens' | 'webSearchRequests'>(
  key: K,
  value: unknown,
): Partial<Record<K, number>> {
  const n = count(value)
  return n > 0 ? ({ [key]: n } as Partial<Record<K, number>>) : {}
}
