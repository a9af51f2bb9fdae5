import type { OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from './otlp-request'

/** Test helper: plain attributes as OTLP/JSON `KeyValue`s, encoded as OTLP/JSON encoders do. */
export function keyValues(attributes: Record<string, unknown>): OtlpKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }))
}

function anyValue(value: unknown): unknown {
  if (typeof value === 'string') return { stringValue: value }
  if (typeof value === 'boolean') return { boolValue: value }
  if (typeof value === 'number')
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } }
  if (value && typeof value === 'object')
    return { kvlistValue: { values: keyValues(value as Record<string, unknown>) } }
  return {}
}

/** Test helper: one span with ids and times filled in (the semconv examples' ids). */
export function span(attributes: Record<string, unknown>, extra: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    name: 'chat gpt-4',
    startTimeUnixNano: '1764763200000000000', // 2025-12-03T12:00:00Z
    endTimeUnixNano: '1764763201250000000',
    attributes: keyValues(attributes),
    ...extra,
  }
}

export function request(spans: OtlpSpan[], resource: Record<string, unknown> = {}): OtlpTraceRequest {
  return { resourceSpans: [{ resource: { attributes: keyValues(resource) }, scopeSpans: [{ spans }] }] }
}
