// `@tokenledger/sdk/anthropic`: the Anthropic wrapper, apart from the main entry so that importing
// the client alone never loads `@anthropic-ai/sdk` (an optional peer dependency).
export type { CallOptions, WrapperOptions } from './budgets/wrapper-budgets'
export { anthropicUsage } from './providers/anthropic/anthropic-usage'
export {
  type TrackedAnthropic,
  type TrackedAnthropicRequestOptions,
  wrapAnthropic,
} from './providers/anthropic/wrap-anthropic'
