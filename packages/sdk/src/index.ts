export type { Attribution } from './attribution'
export {
  BudgetBlocked,
  type BudgetCheckResult,
  BudgetConfirmationRequired,
  type BudgetOverrideRequest,
} from './budgets/budget-errors'
export { TextBuilder, type TextBuilderState } from './builder/text-builder'
export type { ChatMessage, EmbedResult, GenerateResult, OpenAIApi, ProviderName } from './builder/text-call'
export { TextStream } from './builder/text-stream'
export { type ClientOptions, createClient, type TokenledgerClient } from './client'
export type { BatchOptions, DeliveryStats, FlushResult } from './delivery/background-logger'
export {
  BudgetCheckFailedError,
  DeliveryError,
  EventDeadLetteredError,
  EventRejectedError,
  EventsDroppedError,
  TokenledgerConfigError,
  TokenledgerError,
} from './errors'
export { anthropicUsage } from './providers/anthropic/anthropic-usage'
export {
  type TrackedAnthropic,
  type TrackedAnthropicRequestOptions,
  wrapAnthropic,
} from './providers/anthropic/wrap-anthropic'
export { openAIUsage } from './providers/openai/openai-usage'
export {
  type TrackedOpenAI,
  type TrackedOpenAIRequestOptions,
  wrapOpenAI,
} from './providers/openai/wrap-openai'
export { type FlushOptions, Tokenledger, type TokenledgerOptions } from './tokenledger'
export type { TokenUsage } from './tracking/token-usage'
