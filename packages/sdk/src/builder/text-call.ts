import type { BudgetCheckResult } from '../budgets/budget-errors'
import type { TokenUsage } from '../tracking/token-usage'

export type ProviderName = 'openai' | 'anthropic'

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** One text generation, provider-neutral, as the builder collected it. */
export interface TextCall {
  model: string
  system?: string
  messages: ChatMessage[]
  maxTokens?: number
  temperature?: number
  /** Extra request body fields passed to the provider as they are (e.g. `top_p`, `reasoning_effort`). */
  providerOptions?: Record<string, unknown>
  signal?: AbortSignal
}

/** Which OpenAI api a text call goes through: chat completions (default) or the Responses API. */
export type OpenAIApi = 'chat' | 'responses'

export interface EmbedResult {
  /** One vector per input, in the order of the inputs. */
  embeddings: number[][]
  /** Input tokens only: an embedding has no completion. */
  usage: TokenUsage
  durationMs: number
  /** The provider's response (OpenAI's CreateEmbeddingResponse). */
  raw: unknown
  /** The budget check made before the call; null when checks are off or failed. */
  budget: BudgetCheckResult | null
}

export interface GenerateResult {
  text: string
  /** Normalised: promptTokens include cached and cache-write tokens, completionTokens include reasoning tokens. */
  usage: TokenUsage
  durationMs: number
  /** The provider's response (a ChatCompletion / Response / Message), or for a stream the list of its chunks / events. */
  raw: unknown
  /** The budget check made before the call (status ok or warning, or exceeded with an override); null when checks are off or failed. */
  budget: BudgetCheckResult | null
}
