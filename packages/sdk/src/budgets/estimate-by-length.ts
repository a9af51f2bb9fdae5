import type { CallEstimate } from './estimate-call-cost'
import { requestShape } from './request-shape'

/** Characters per token assumed without a tokenizer: about 4 for English text with OpenAI's. */
export const CHARS_PER_TOKEN = 4

/** The price catalog is large: loaded on the first estimate, never when the SDK is imported. */
let pricing: Promise<typeof import('./estimate-call-cost')> | undefined

/** Input tokens of a request's texts at CHARS_PER_TOKEN characters a token, rounded up. */
export function tokensByLength(texts: readonly string[]): number {
  let chars = 0
  for (const text of texts) chars += text.length
  return Math.ceil(chars / CHARS_PER_TOKEN)
}

/**
 * The builder's estimate of a request: as `estimateRequestCost`, but counting the text at 4
 * characters a token instead of with the tokenizer, which the main entry never loads (megabytes
 * an app's bundle, or an edge function's, would carry for one number).
 */
export async function estimateRequestCostByLength(
  provider: string,
  model: string,
  body: unknown,
  options: { embedding?: boolean } = {},
): Promise<CallEstimate> {
  pricing ??= import('./estimate-call-cost')
  const { estimateCallCost } = await pricing
  const shape = requestShape(body)
  return estimateCallCost({
    provider,
    model,
    inputTokens: tokensByLength(shape.texts),
    maxOutputTokens: shape.maxOutputTokens,
    ...(options.embedding ? { embedding: true } : {}),
  })
}
