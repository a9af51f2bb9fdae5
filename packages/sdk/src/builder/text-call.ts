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

export interface GenerateResult {
  text: string
  /** Normalised: promptTokens include cached and cache-write tokens, completionTokens include reasoning tokens. */
  usage: TokenUsage
  durationMs: number
  /** The provider's response (a ChatCompletion / Message), or for a stream the list of its chunks / events. */
  raw: unknown
  /** The budget check made before the call (status ok or warning, or exceeded with an override); null when checks are off or failed. */
  budget: BudgetCheckResult | null
}
