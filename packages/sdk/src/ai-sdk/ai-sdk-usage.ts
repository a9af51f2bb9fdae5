import { consistentUsage, count, NO_USAGE, reported, type TokenUsage } from '../tracking/token-usage'

/** The AI SDK v6 (LanguageModelV3) usage of a call, with the provider's own usage in `raw`. */
export interface AiSdkUsageLike {
  inputTokens?: {
    total?: number | undefined
    noCache?: number | undefined
    cacheRead?: number | undefined
    cacheWrite?: number | undefined
  }
  outputTokens?: { total?: number | undefined; text?: number | undefined; reasoning?: number | undefined }
  raw?: unknown
}

type RawUsage = {
  cache_creation?: { ephemeral_1h_input_tokens?: unknown } | null
  server_tool_use?: { web_search_requests?: unknown } | null
}

/**
 * The AI SDK already normalises like Tokenledger: the input total includes cache reads and
 * writes, the output total includes reasoning. Totals a provider left out are the sum of their
 * parts. Anthropic's 1-hour cache writes and web searches are read from the provider's raw usage.
 */
export function aiSdkUsage(usage: AiSdkUsageLike | null | undefined): TokenUsage {
  if (!usage) return { ...NO_USAGE }
  const input = usage.inputTokens ?? {}
  const output = usage.outputTokens ?? {}
  const cachedTokens = count(input.cacheRead)
  const cacheWriteTokens = count(input.cacheWrite)
  const reasoningTokens = count(output.reasoning)
  const raw = (usage.raw && typeof usage.raw === 'object' ? usage.raw : {}) as RawUsage
  return consistentUsage({
    promptTokens: count(input.total) || count(input.noCache) + cachedTokens + cacheWriteTokens,
    completionTokens: count(output.total) || count(output.text) + reasoningTokens,
    cachedTokens,
    cacheWriteTokens,
    reasoningTokens,
    ...reported('cacheWrite1hTokens', raw.cache_creation?.ephemeral_1h_input_tokens),
    ...reported('webSearchRequests', raw.server_tool_use?.web_search_requests),
  })
}
