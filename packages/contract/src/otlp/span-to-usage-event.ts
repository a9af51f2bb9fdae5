import { Decimal, exactUsd, USAGE_EVENT_LIMITS as LIMITS } from '@tokenledger/domain'
import type { UsageEventInput } from '../usage-event-schema'
import { type Attributes, amountAttribute, attributeMap, stringAttribute } from './attribute-values'
import type { OtlpSpan } from './otlp-request'
import { spanAttribution } from './span-attribution'
import { spanContent } from './span-content'
import { type SpanKind, spanKind } from './span-kind'
import { spanProvider } from './span-provider'
import { spanUsage } from './span-usage'

/** What became of one span. */
export type SpanOutcome =
  | { kind: 'event'; event: UsageEventInput }
  | { kind: 'ignored'; reason: Exclude<SpanKind, 'call'> }
  | { kind: 'invalid'; error: string }

/** OTLP `Status.code`: 2 is ERROR (OTLP/JSON sends the number; some encoders send the enum's name). */
const STATUS_ERROR = new Set<unknown>([2, '2', 'STATUS_CODE_ERROR'])
const TRACE_ID = /^[0-9a-f]{32}$/
const SPAN_ID = /^[0-9a-f]{16}$/
const ZERO_ID = /^0+$/

/**
 * One span as a usage event, or why it is not one. The span's ids make the idempotency key
 * (`otlp:<traceId>:<spanId>`), so an exporter's retry, or the same trace sent twice, stores the
 * call once. Only what the span says is mapped; the usage-event schema validates the result.
 */
export function spanToUsageEvent(span: OtlpSpan, resource: Attributes): SpanOutcome {
  const attributes = attributeMap(span.attributes)
  const kind = spanKind(attributes, span.name)
  if (kind !== 'call') return { kind: 'ignored', reason: kind }

  const traceId = span.traceId?.toLowerCase() ?? ''
  const spanId = span.spanId?.toLowerCase() ?? ''
  if (!TRACE_ID.test(traceId) || ZERO_ID.test(traceId) || !SPAN_ID.test(spanId) || ZERO_ID.test(spanId))
    return {
      kind: 'invalid',
      error: `span "${(span.name ?? '').slice(0, 100)}": traceId must be 32 and spanId 16 hex digits, not all zero`,
    }
  const attribution = spanAttribution(attributes, resource)
  if (!attribution.ok) return { kind: 'invalid', error: `span ${spanId}: ${attribution.error}` }

  const events = (span.events ?? []).map((event) => attributeMap(event.attributes))
  const requestModel = stringAttribute(attributes, 'gen_ai.request.model', 'ai.model.id', 'llm.model_name')
  const responseModel = stringAttribute(attributes, 'gen_ai.response.model', 'ai.response.model')
  const failed = STATUS_ERROR.has(span.status?.code)
  const { metadata, ...who } = attribution.attribution
  const event: UsageEventInput = {
    provider: (spanProvider(attributes) ?? 'unknown').slice(0, LIMITS.providerChars),
    // The requested model, as the SDK logs it; the one that answered goes in the metadata.
    model: (requestModel ?? responseModel ?? 'unknown').slice(0, LIMITS.modelChars),
    ...spanUsage(attributes),
    success: !failed,
    taskType: (
      stringAttribute(attributes, 'ai.operationId', 'gen_ai.operation.name', 'llm.request.type') ?? 'otlp'
    ).slice(0, LIMITS.taskTypeChars),
    idempotencyKey: `otlp:${traceId}:${spanId}`,
    metadata: {
      otlp: { traceId, spanId, ...(span.name ? { name: span.name.slice(0, 200) } : {}) },
      ...(responseModel && responseModel !== requestModel
        ? { responseModel: responseModel.slice(0, LIMITS.modelChars) }
        : {}),
      ...metadata,
    },
    ...who,
    ...cut(spanContent(attributes, events)),
  }
  const timing = spanTiming(span)
  if (timing.occurredAt) event.occurredAt = timing.occurredAt
  if (timing.durationMs !== undefined) event.durationMs = timing.durationMs
  const cost = amountAttribute(attributes, 'gen_ai.usage.cost')
  // The double's shortest decimal form is what the emitter meant (0.0123, not 0.01229999…).
  if (cost !== undefined) event.cost = exactUsd(new Decimal(String(cost)))
  if (failed) event.errorMessage = errorMessage(span, events, attributes).slice(0, LIMITS.contentChars)
  return { kind: 'event', event }
}

/** Start time as ISO 8601 (millisecond precision) and the span's length in whole milliseconds. */
export function spanTiming(span: Pick<OtlpSpan, 'startTimeUnixNano' | 'endTimeUnixNano'>): {
  occurredAt?: string
  durationMs?: number
} {
  const start = nanos(span.startTimeUnixNano)
  const end = nanos(span.endTimeUnixNano)
  const timing: { occurredAt?: string; durationMs?: number } = {}
  if (start !== undefined && start > 0n) {
    const ms = Number(start / 1_000_000n)
    const date = new Date(ms)
    if (!Number.isNaN(date.getTime())) timing.occurredAt = date.toISOString()
  }
  if (start !== undefined && end !== undefined && start > 0n && end >= start)
    timing.durationMs = Math.min(Number((end - start + 500_000n) / 1_000_000n), 2_147_483_647)
  return timing
}

function nanos(value: string | number | undefined): bigint | undefined {
  if (value === undefined) return undefined
  try {
    return BigInt(value)
  } catch {
    return undefined
  }
}

/** The status message, else the recorded exception's, else `error.type`. */
function errorMessage(span: OtlpSpan, events: readonly Attributes[], attributes: Attributes): string {
  if (span.status?.message) return span.status.message
  for (const event of events) {
    const message = stringAttribute(event, 'exception.message')
    if (message) return [stringAttribute(event, 'exception.type'), message].filter(Boolean).join(': ')
  }
  return stringAttribute(attributes, 'error.type') ?? 'the span ended with status ERROR'
}

/** Over the schema's hard cap would get the whole call refused; cut instead (it is stored cut anyway). */
function cut(content: { prompt?: string; response?: string }) {
  const out: { prompt?: string; response?: string } = {}
  if (content.prompt) out.prompt = content.prompt.slice(0, LIMITS.contentChars)
  if (content.response) out.response = content.response.slice(0, LIMITS.contentChars)
  return out
}
