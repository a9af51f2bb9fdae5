import type { CallEstimate } from './estimate-call-cost'
import { requestShape } from './request-shape'

type CountTokens = (text: string) => number

/**
 * Tokenizer and price catalog are large (the o200k vocabulary is megabytes): loaded on the first
 * estimate, never when the SDK is imported, and once per process.
 */
let loaded: Promise<{ count: CountTokens; estimate: typeof import('./estimate-call-cost').estimateCallCost }>
function load() {
  loaded ??= Promise.all([import('gpt-tokenizer/encoding/o200k_base'), import('./estimate-call-cost')]).then(
    ([tokenizer, pricing]) => ({
      // Text that looks like a special token (`<|endoftext|>`) is counted as text, never refused.
      count: (text: string) => tokenizer.countTokens(text, { disallowedSpecial: new Set() }),
      estimate: pricing.estimateCallCost,
    }),
  )
  return loaded
}

/** Input tokens of a request's texts with the o200k tokenizer (OpenAI's current models). */
export function countInputTokens(texts: readonly string[], count: CountTokens): number {
  let total = 0
  for (const text of texts) total += count(text)
  return total
}

/**
 * The estimate of a request the caller gave no cost for: its text counted with the o200k
 * tokenizer plus its output maximum, at the catalog's prices. For Anthropic (and other
 * non-OpenAI models) the count is an approximation: their tokenizers differ from o200k.
 */
export async function estimateRequestCost(
  provider: string,
  model: string,
  body: unknown,
  options: { embedding?: boolean } = {},
): Promise<CallEstimate> {
  const { count, estimate } = await load()
  const shape = requestShape(body)
  return estimate({
    provider,
    model,
    inputTokens: countInputTokens(shape.texts, count),
    maxOutputTokens: shape.maxOutputTokens,
    ...(options.embedding ? { embedding: true } : {}),
  })
}
