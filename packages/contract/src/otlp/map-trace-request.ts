import type { UsageEventInput } from '../usage-event-schema'
import { attributeMap } from './attribute-values'
import type { OtlpTraceRequest } from './otlp-request'
import { spanToUsageEvent } from './span-to-usage-event'

/** An export request's spans sorted into usage events, ignored spans and spans that cannot be used. */
export interface TraceMapping {
  /** One per model-call span, in the order the spans came. */
  events: UsageEventInput[]
  /** Spans that are not model calls (HTTP, tools, agents) or wrap calls logged on their own spans. */
  ignored: number
  /** Model-call spans that cannot be stored, each with the reason (counted as rejected spans). */
  invalid: string[]
  spans: number
}

export function mapTraceRequest(request: OtlpTraceRequest): TraceMapping {
  const mapping: TraceMapping = { events: [], ignored: 0, invalid: [], spans: 0 }
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributeMap(resourceSpans.resource?.attributes)
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        mapping.spans++
        const outcome = spanToUsageEvent(span, resource)
        if (outcome.kind === 'event') mapping.events.push(outcome.event)
        else if (outcome.kind === 'ignored') mapping.ignored++
        else mapping.invalid.push(outcome.error)
      }
    }
  }
  return mapping
}
