// `@tokenledger/sdk/openai`: the OpenAI wrapper, apart from the main entry so that importing the
// client alone never loads `openai` (an optional peer dependency).
export type { CallOptions, WrapperOptions } from './budgets/wrapper-budgets'
export { openAIUsage } from './providers/openai/openai-usage'
export {
  type TrackedOpenAI,
  type TrackedOpenAIRequestOptions,
  wrapOpenAI,
} from './providers/openai/wrap-openai'
