import { type CustomPrice, mergeSummaries, priceCall, redact, type UsageEvent } from '@tokenledger/domain'
import { withoutNul } from './without-nul'

/** Content larger than this is stored truncated (after redaction), never refused: the cost still counts. */
export const MAX_STORED_CONTENT_CHARS = 200_000

/** Who an event belongs to, after the api checked it against the key's organization. */
export interface Attribution {
  organizationId: number
  apiKeyId: number | null
  userId: number | null
  projectId: number | null
  documentId: number | null
}

/**
 * The one way a usage event becomes an `ai_usage_logs` row: content redacted before it is stored,
 * cost priced (caller's cost, then custom prices, then the catalog), tokens totalled.
 */
export type LogRow = ReturnType<typeof buildLogRow>

export function buildLogRow(input: {
  event: UsageEvent
  attribution: Attribution
  customPrices: readonly CustomPrice[]
  now: Date
}) {
  const { attribution } = input
  const event = withoutNul(input.event)
  const createdAt = event.occurredAt ? new Date(event.occurredAt) : input.now
  const prompt = redactContent(event.prompt)
  const response = redactContent(event.response)
  const error = redactContent(event.errorMessage)
  const priced = priceCall({
    provider: event.provider,
    model: event.model,
    usage: {
      inputTokens: event.promptTokens,
      outputTokens: event.completionTokens,
      cacheReadTokens: event.cachedTokens,
      cacheWriteTokens: event.cacheWriteTokens,
      reasoningTokens: event.reasoningTokens,
    },
    at: createdAt,
    customPrices: input.customPrices,
    callerCost: event.cost ?? null,
  })
  const truncated = [prompt, response].some((c) => c.truncated)
  return {
    organization_id: attribution.organizationId,
    api_key_id: attribution.apiKeyId,
    user_id: attribution.userId,
    project_id: attribution.projectId,
    document_id: attribution.documentId,
    provider: event.provider,
    model: event.model,
    prompt_tokens: event.promptTokens,
    completion_tokens: event.completionTokens,
    total_tokens: event.totalTokens ?? event.promptTokens + event.completionTokens,
    cached_tokens: event.cachedTokens,
    cache_write_tokens: event.cacheWriteTokens,
    reasoning_tokens: event.reasoningTokens,
    cost: priced.cost,
    cost_source: priced.source,
    prices: priced.prices ? JSON.stringify(priced.prices) : null,
    duration_ms: event.durationMs ?? null,
    task_type: event.taskType ?? null,
    loggable_type: event.loggable?.type ?? null,
    loggable_id: event.loggable ? String(event.loggable.id) : null,
    success: event.success,
    error_message: error.text,
    metadata: JSON.stringify(
      truncated ? { ...event.metadata, content_truncated: true } : (event.metadata ?? {}),
    ),
    prompt_content: prompt.text,
    response_content: response.text,
    content_redacted: [prompt, response, error].some((c) => c.redacted),
    redaction_summary: JSON.stringify(mergeSummaries(prompt.summary, response.summary, error.summary)),
    category: event.category,
    purpose_detail: event.purposeDetail ?? null,
    idempotency_key: event.idempotencyKey ?? null,
    // Set by the writer once the override is consumed in the log's transaction.
    budget_override: false,
    budget_override_by: null as number | null,
    budget_override_id: null as string | null,
    created_at: createdAt,
  }
}

function redactContent(text: string | undefined) {
  if (text == null) return { text: null, summary: {}, redacted: false, truncated: false }
  const result = redact(text)
  const truncated = result.text.length > MAX_STORED_CONTENT_CHARS
  return {
    ...result,
    truncated,
    text: truncated
      ? `${result.text.slice(0, MAX_STORED_CONTENT_CHARS)}\n[TRUNCATED: ${result.text.length - MAX_STORED_CONTENT_CHARS} more characters]`
      : result.text,
  }
}
