import {
  type CatalogMemo,
  type CustomPrice,
  prepareUsageEvent,
  type RedactedEvent,
  STORED_CONTENT_CHARS,
  type UsageEvent,
} from '@tokenledger/domain'
/** Content larger than this is stored truncated (after redaction), never refused: the cost still counts. */
export const MAX_STORED_CONTENT_CHARS = STORED_CONTENT_CHARS.prompt
/** Who an event belongs to, after the api checked it against the key's organization. */
export interface ResolvedAttribution {
  organizationId: number
  apiKeyId: number | null
  userId: number | null
  projectId: number | null
  documentId: number | null
}

/**
 * The one way a usage event becomes an `ai_usage_logs` row: `prepareUsageEvent` (redact, price,
 * truncate) mapped onto the columns with the attribution the write path resolved. The api redacts
 * large events in a worker thread and passes the result as `redacted`.
 */
export type LogRow = ReturnType<typeof buildLogRow>

export function buildLogRow(input: {
  /** Already normalised with `storableText`: the api does it once, before any query sees the event. */
  event: UsageEvent
  attribution: ResolvedAttribution
  customPrices: readonly CustomPrice[]
  now: Date
  /** `redactEvent(event)` or the same computed elsewhere; computed here when absent. */
  redacted?: RedactedEvent
  /** One per batch (`createCatalogMemo`): the batch's events of one model share its catalog look-up. */
  catalogMemo?: CatalogMemo
}) {
  const { attribution, event } = input
  const { stored, redaction, priced, occurredAt, totalTokens } = prepareUsageEvent(event, {
    customPrices: input.customPrices,
    receivedAt: input.now,
    redacted: input.redacted,
    catalogMemo: input.catalogMemo,
  })
  return {
    organization_id: attribution.organizationId,
    api_key_id: attribution.apiKeyId,
    user_id: attribution.userId,
    project_id: attribution.projectId,
    document_id: attribution.documentId,
    provider: stored.provider,
    model: stored.model,
    prompt_tokens: event.promptTokens,
    completion_tokens: event.completionTokens,
    total_tokens: totalTokens,
    cached_tokens: event.cachedTokens,
    cache_write_tokens: event.cacheWriteTokens,
    cache_write_1h_tokens: event.cacheWrite1hTokens ?? 0,
    reasoning_tokens: event.reasoningTokens,
    web_search_requests: event.webSearchRequests ?? 0,
    // The exact cost (twelve decimals, trailing zeros trimmed): numeric(20,12) keeps every digit.
    cost: priced.cost,
    cost_source: priced.source,
    prices: priced.prices ? JSON.stringify(priced.prices) : null,
    duration_ms: event.durationMs ?? null,
    task_type: stored.taskType ?? null,
    loggable_type: stored.loggable?.type ?? null,
    loggable_id: stored.loggable ? String(stored.loggable.id) : null,
    success: event.success,
    error_message: stored.errorMessage ?? null,
    metadata: JSON.stringify(
      redaction.truncated.length ? { ...stored.metadata, content_truncated: true } : (stored.metadata ?? {}),
    ),
    prompt_content: stored.prompt ?? null,
    response_content: stored.response ?? null,
    content_redacted: redaction.redacted,
    redaction_summary: JSON.stringify(redaction.summary),
    category: event.category,
    purpose_detail: stored.purposeDetail ?? null,
    idempotency_key: stored.idempotencyKey ?? null,
    // Set by the writer once the override is consumed in the log's transaction.
    budget_override: false,
    budget_override_by: null as number | null,
    budget_override_id: null as string | null,
    created_at: occurredAt,
  }
}
