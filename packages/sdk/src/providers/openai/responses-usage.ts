import { consistentUsage, count, NO_USAGE, type TokenUsage } from '../../tracking/token-usage'

/** The `usage` of a Responses API response (also carried by `response.completed` in a stream). */
export interface ResponsesUsageLike {
  input_tokens?: number | null
  output_tokens?: number | null
  input_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null
  output_tokens_details?: { reasoning_tokens?: number | null } | null
}

/**
 * The Responses API counts like chat completions under other names: `input_tokens` includes the
 * cached tokens and `output_tokens` includes the reasoning tokens.
 */
export function openAIResponsesUsage(usage: ResponsesUsageLike | null | undefined): TokenUsage {
  if (!usage) return { ...NO_USAGE }
  return consistentUsage({
    promptTokens: count(usage.input_tokens),
    completionTokens: count(usage.output_tokens),
    cachedTokens: count(usage.input_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage.input_tokens_details?.cache_write_tokens),
    reasoningTokens: count(usage.output_tokens_details?.reasoning_tokens),
  })
}

/** Embeddings report only input tokens (`prompt_tokens`); there is no completion. */
export function openAIEmbeddingUsage(
  usage: { prompt_tokens?: number | null } | null | undefined,
): TokenUsage {
  return { ...NO_USAGE, promptTokens: count(usage?.prompt_tokens) }
}
