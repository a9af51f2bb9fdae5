/**
 * What a cost estimate needs from a request body, read without knowing which API it is for:
 * chat completions (`messages`, `max_completion_tokens` / `max_tokens`), Responses (`instructions`,
 * `input`, `max_output_tokens`), embeddings (`input`), Anthropic Messages (`system`, `messages`,
 * `max_tokens`) and the AI SDK's call options (`prompt`, `maxOutputTokens`).
 */
/**
 * Output tokens assumed when a request sets no maximum (`max_tokens`, `max_output_tokens`,
 * `maxOutputTokens`): a long answer for most chat calls, so the estimate errs on the high side.
 */
export const DEFAULT_ESTIMATED_OUTPUT_TOKENS = 1_024

export interface RequestShape {
  /** The text the model reads: prompts, system text, tool definitions. Images and files are not counted. */
  texts: string[]
  /** The most output the request allows, or undefined when it sets none. */
  maxOutputTokens: number | undefined
}

/** Top-level fields holding what the model reads (Responses' top-level `text` is output config). */
const BODY_KEYS = ['system', 'instructions', 'messages', 'input', 'prompt']
/** Keys inside them whose string values (or text parts) are read by the model. */
const TEXT_KEYS = new Set(['content', 'text', 'input', 'output', 'value'])

export function requestShape(body: unknown): RequestShape {
  const texts: string[] = []
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>
    for (const key of BODY_KEYS) if (key in record) collectTexts(record[key], texts)
    // Tool definitions are sent as part of the prompt and billed as input.
    if (Array.isArray(record.tools) && record.tools.length > 0) texts.push(JSON.stringify(record.tools))
  }
  return { texts, maxOutputTokens: maxOutputTokens(body) }
}

/** Every string in `value` reached through text-bearing keys (message lists, content parts). */
function collectTexts(value: unknown, into: string[], depth = 0): void {
  if (depth > 8 || value == null) return
  if (typeof value === 'string') {
    if (value) into.push(value)
    return
  }
  if (Array.isArray(value)) {
    for (const item of value) collectTexts(item, into, depth + 1)
    return
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (TEXT_KEYS.has(key)) collectTexts(inner, into, depth + 1)
    }
  }
}

function maxOutputTokens(body: unknown): number | undefined {
  if (!body || typeof body !== 'object') return undefined
  const record = body as Record<string, unknown>
  for (const key of ['max_completion_tokens', 'max_output_tokens', 'max_tokens', 'maxOutputTokens']) {
    const value = record[key]
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  }
  return undefined
}
