import { type Attributes, countAttribute, stringAttribute } from './attribute-values'

/**
 * What a span is to Tokenledger:
 * - `call`: one request to a model — logged;
 * - `aggregate`: a span that wraps model calls logged on their own spans (counting it too would
 *   count the same tokens twice) — ignored;
 * - `other`: not a GenAI span (HTTP, database, tool execution, …) — ignored.
 */
export type SpanKind = 'call' | 'aggregate' | 'other'

/**
 * The Vercel AI SDK's spans: `ai.generateText` wraps one `ai.generateText.doGenerate` per step
 * (tool loops make several). Each `do*` span is one provider call with that call's own usage,
 * model and messages, so the `do*` spans are logged and the wrappers ignored.
 */
const AI_SDK_CALL = /\.(doGenerate|doStream|doEmbed)$/
const AI_SDK_WRAPPER = /^ai\.(generateText|streamText|generateObject|streamObject|embed|embedMany)$/

/** `gen_ai.operation.name` values that are model calls (agent and tool spans are not). */
const GENAI_CALL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings'])
const GENAI_AGGREGATE_OPERATIONS = new Set(['invoke_agent', 'create_agent', 'invoke_workflow'])

/** OpenInference's `openinference.span.kind`. */
const OPENINFERENCE_CALL_KINDS = new Set(['LLM', 'EMBEDDING'])

export function spanKind(attributes: Attributes, spanName: string | undefined): SpanKind {
  const aiSdkOperation = stringAttribute(attributes, 'ai.operationId')
  if (aiSdkOperation) {
    if (AI_SDK_CALL.test(aiSdkOperation)) return 'call'
    return AI_SDK_WRAPPER.test(aiSdkOperation) ? 'aggregate' : 'other' // ai.toolCall and the like
  }

  const operation = stringAttribute(attributes, 'gen_ai.operation.name')
  if (operation) {
    if (GENAI_CALL_OPERATIONS.has(operation)) return 'call'
    return GENAI_AGGREGATE_OPERATIONS.has(operation) ? 'aggregate' : 'other'
  }
  const openInferenceKind = stringAttribute(attributes, 'openinference.span.kind')
  if (openInferenceKind) {
    if (OPENINFERENCE_CALL_KINDS.has(openInferenceKind.toUpperCase())) return 'call'
    return openInferenceKind.toUpperCase() === 'AGENT' || openInferenceKind.toUpperCase() === 'CHAIN'
      ? 'aggregate'
      : 'other'
  }
  // OpenLLMetry and older GenAI instrumentations: a model and token counts make a call.
  if (spanName && AI_SDK_CALL.test(spanName)) return 'call'
  const hasModel = stringAttribute(
    attributes,
    'gen_ai.request.model',
    'gen_ai.response.model',
    'llm.model_name',
  )
  const hasTokens =
    countAttribute(
      attributes,
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.prompt_tokens',
      'gen_ai.usage.output_tokens',
      'gen_ai.usage.completion_tokens',
      'llm.token_count.prompt',
      'llm.token_count.completion',
    ) !== undefined
  return hasModel && (hasTokens || stringAttribute(attributes, 'llm.request.type')) ? 'call' : 'other'
}
