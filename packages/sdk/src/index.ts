// `@tokenledger/sdk`: the typed client, the builder and background logging. No provider SDK is
// loaded from here; the wrappers live in `@tokenledger/sdk/openai`, `/anthropic` and `/ai-sdk`.
export type { Attribution, DocumentRef, ProjectRef, UserRef } from './attribution'
export {
  BudgetBlocked,
  type BudgetCheckResult,
  BudgetConfirmationRequired,
  type BudgetOverrideRequest,
} from './budgets/budget-errors'
export type { BudgetEnforcementOptions, CallBudgetOptions } from './budgets/budget-guard'
// The gateway takes the same bounded leases and reads requests the same way.
export { BudgetLease, leaseSize, picoUsd, usdFromPico } from './budgets/budget-lease'
export { tokensByLength } from './budgets/estimate-by-length'
export { DEFAULT_ESTIMATED_OUTPUT_TOKENS, type RequestShape, requestShape } from './budgets/request-shape'
export type {
  AnthropicClientLike,
  OpenAIClientLike,
  ProviderClientOptions,
} from './builder/provider-clients'
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
  ReservationReleaseFailedError,
  TokenledgerConfigError,
  TokenledgerError,
} from './errors'
export { type FlushOptions, Tokenledger, type TokenledgerOptions } from './tokenledger'
export type { TokenUsage } from './tracking/token-usage'
