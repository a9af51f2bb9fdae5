/**
 * The provider clients as the builder sees them. Structural on purpose: the main entry's types
 * must not import `openai` or `@anthropic-ai/sdk` (both optional peers), or a consumer that has
 * only one of them installed could not type-check against `@tokenledger/sdk`.
 */

/** An OpenAI client: `new OpenAI()` of the `openai` package. */
export interface OpenAIClientLike {
  chat: { completions: { create(body: never, options?: never): unknown } }
}

/** An Anthropic client: `new Anthropic()` of the `@anthropic-ai/sdk` package. */
export interface AnthropicClientLike {
  messages: { create(body: never, options?: never): unknown }
}

/** Options of the provider's own client constructor (`apiKey`, `baseURL`, `maxRetries`…). */
export interface ProviderClientOptions {
  apiKey?: string | null
  baseURL?: string | null
  maxRetries?: number
  timeout?: number
  [option: string]: unknown
}

export function isOpenAIClient(value: unknown): value is OpenAIClientLike {
  return typeof (value as OpenAIClientLike | undefined)?.chat?.completions?.create === 'function'
}

export function isAnthropicClient(value: unknown): value is AnthropicClientLike {
  return typeof (value as AnthropicClientLike | undefined)?.messages?.create === 'function'
}
