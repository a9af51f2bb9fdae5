import { type Attributes, countAttribute } from './attribute-values'

/** Token counts of one call, normalised as the usage event wants them. */
export interface SpanUsage {
  promptTokens: number
  completionTokens: number
  cachedTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
}

/**
 * The call's tokens from whichever convention the span follows, newest names first:
 * - GenAI semconv: `gen_ai.usage.input_tokens` / `output_tokens` (older `prompt_tokens` /
 *   `completion_tokens`), `gen_ai.usage.cache_read.input_tokens`,
 *   `gen_ai.usage.cache_creation.input_tokens`, `gen_ai.usage.reasoning.output_tokens`, and the
 *   underscore spellings OpenLLMetry emits (`cache_read_input_tokens`, `reasoning_tokens`, …);
 * - Vercel AI SDK: `ai.usage.inputTokens` / `outputTokens` (v5+), `promptTokens` /
 *   `completionTokens` (v4), `ai.usage.inputTokenDetails.cacheReadTokens` / `cacheWriteTokens`,
 *   `ai.usage.cachedInputTokens`, `ai.usage.reasoningTokens`, `ai.usage.tokens` (embeddings);
 * - OpenInference: `llm.token_count.prompt` / `completion`, `…prompt_details.cache_read` /
 *   `cache_write`, `…completion_details.reasoning`.
 * The conventions say input includes cached tokens and output includes reasoning. An emitter that
 * reports them apart (cache larger than the input) gets them added, so prompt ≥ cached + written.
 */
export function spanUsage(a: Attributes): SpanUsage {
  let promptTokens =
    countAttribute(
      a,
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.prompt_tokens',
      'ai.usage.inputTokens',
      'ai.usage.promptTokens',
      'llm.token_count.prompt',
      'ai.usage.tokens',
    ) ?? 0
  let completionTokens =
    countAttribute(
      a,
      'gen_ai.usage.output_tokens',
      'gen_ai.usage.completion_tokens',
      'ai.usage.outputTokens',
      'ai.usage.completionTokens',
      'llm.token_count.completion',
    ) ?? 0
  const cachedTokens =
    countAttribute(
      a,
      'gen_ai.usage.cache_read.input_tokens',
      'gen_ai.usage.cache_read_input_tokens',
      'ai.usage.inputTokenDetails.cacheReadTokens',
      'ai.usage.cachedInputTokens',
      'llm.token_count.prompt_details.cache_read',
    ) ?? 0
  const cacheWriteTokens =
    countAttribute(
      a,
      'gen_ai.usage.cache_creation.input_tokens',
      'gen_ai.usage.cache_creation_input_tokens',
      'gen_ai.usage.cache_write.input_tokens',
      'ai.usage.inputTokenDetails.cacheWriteTokens',
      'llm.token_count.prompt_details.cache_write',
    ) ?? 0
  const reasoningTokens =
    countAttribute(
      a,
      'gen_ai.usage.reasoning.output_tokens',
      'gen_ai.usage.reasoning_tokens',
      'ai.usage.outputTokenDetails.reasoningTokens',
      'ai.usage.reasoningTokens',
      'llm.token_count.completion_details.reasoning',
    ) ?? 0
  if (cachedTokens + cacheWriteTokens > promptTokens) promptTokens += cachedTokens + cacheWriteTokens
  if (reasoningTokens > completionTokens) completionTokens += reasoningTokens
  return { promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens }
}
