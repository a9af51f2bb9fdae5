import { consistentUsage, count, NO_USAGE, type TokenUsage } from '../../tracking/token-usage'

/** The `usage` object of a chat completion (or of the last chunk of a stream with include_usage). */
export interface OpenAIUsageLike {
  prompt_tokens?: number | null
  completion_tokens?: number | null
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null
  completion_tokens_details?: { reasoning_tokens?: number | null } | null
}

/**
 * OpenAI already counts the way Tokenledger stores: `prompt_tokens` includes the cached (and
 * cache-write) tokens and `completion_tokens` includes the reasoning tokens; the details only
 * break them down.
 */
export function openAIUsage(usage: OpenAIUsageLike | null | undefined): TokenUsage {
  if (!usage) return { ...NO_USAGE }
  return consistentUsage({
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    cachedTokens: count(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage.prompt_tokens_details?.cache_write_tokens),
    reasoningTokens: count(usage.completion_tokens_details?.reasoning_tokens),
  })
}
