import { consistentUsage, count, NO_USAGE, reported, type TokenUsage } from '../../tracking/token-usage'

/** `usage` of a Message, of a `message_start` event's message, or of a `message_delta` event. */
export interface AnthropicUsageLike {
  input_tokens?: number | null
  output_tokens?: number | null
  cache_read_input_tokens?: number | null
  cache_creation_input_tokens?: number | null
  output_tokens_details?: { thinking_tokens?: number | null } | null
  /** The cache writes split by TTL; `cache_creation_input_tokens` is their sum. */
  cache_creation?: {
    ephemeral_1h_input_tokens?: number | null
    ephemeral_5m_input_tokens?: number | null
  } | null
  server_tool_use?: { web_search_requests?: number | null } | null
}

/**
 * Anthropic's `input_tokens` EXCLUDES the tokens read from and written to the cache, so the
 * normalised prompt is input + cache read + cache creation. `output_tokens` already includes
 * thinking tokens. 1-hour cache writes (`cache_creation.ephemeral_1h_input_tokens`) are a part of
 * the cache writes, priced higher; web searches are counted per request.
 */
export function anthropicUsage(usage: AnthropicUsageLike | null | undefined): TokenUsage {
  if (!usage) return { ...NO_USAGE }
  const cachedTokens = count(usage.cache_read_input_tokens)
  const cacheWriteTokens = count(usage.cache_creation_input_tokens)
  return consistentUsage({
    promptTokens: count(usage.input_tokens) + cachedTokens + cacheWriteTokens,
    completionTokens: count(usage.output_tokens),
    cachedTokens,
    cacheWriteTokens,
    reasoningTokens: count(usage.output_tokens_details?.thinking_tokens),
    ...reported('cacheWrite1hTokens', usage.cache_creation?.ephemeral_1h_input_tokens),
    ...reported('webSearchRequests', usage.server_tool_use?.web_search_requests),
  })
}

/**
 * A stream reports usage twice: `message_start` carries the input side (and a first output
 * count), `message_delta` the cumulative output (and, on newer api versions, the input side
 * again). Fields a later event sets win; fields it leaves null keep the earlier value.
 */
export function mergeAnthropicUsage(
  earlier: AnthropicUsageLike | undefined,
  later: AnthropicUsageLike | null | undefined,
): AnthropicUsageLike {
  const merged: AnthropicUsageLike = { ...earlier }
  for (const [key, value] of Object.entries(later ?? {})) {
    if (value != null) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}
