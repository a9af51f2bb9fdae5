import { type CatalogMemo, type CustomPrice, type PricedCall, priceCall } from '../pricing'
import type { UsageEvent } from '../usage-event'
import { type RedactedEvent, redactEvent } from './redact-event'

/** The pure part of storing one usage event: what the row is made of, before any attribution. */
export interface PreparedUsageEvent {
  /** Every free-text field redacted and content cut to its stored length (see `redactEvent`). */
  stored: UsageEvent
  redaction: Omit<RedactedEvent, 'event'>
  /** Priced with the event's raw provider and model: the caller's cost, custom prices, the catalog. */
  priced: PricedCall
  /** When the call happened: its own `occurredAt`, else when it was received. */
  occurredAt: Date
  totalTokens: number
}

/**
 * Redact, price, truncate: the one function every write (api, gateway, OTLP, seed) prepares an
 * event with. `redacted` is `redactEvent(event)` computed elsewhere (the api redacts large events
 * in a worker thread); computed here when absent.
 */
export function prepareUsageEvent(
  event: UsageEvent,
  options: {
    customPrices: readonly CustomPrice[]
    receivedAt: Date
    redacted?: RedactedEvent | undefined
    /** Shared by a batch's events: each model is matched against the catalog once per batch. */
    catalogMemo?: CatalogMemo | undefined
  },
): PreparedUsageEvent {
  const { event: stored, ...redaction } = options.redacted ?? redactEvent(event)
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : options.receivedAt
  const priced = priceCall({
    provider: event.provider,
    model: event.model,
    usage: {
      promptTokens: event.promptTokens,
      completionTokens: event.completionTokens,
      cachedTokens: event.cachedTokens,
      cacheWriteTokens: event.cacheWriteTokens,
      cacheWrite1hTokens: event.cacheWrite1hTokens ?? 0,
      reasoningTokens: event.reasoningTokens,
      webSearchRequests: event.webSearchRequests ?? 0,
    },
    at: occurredAt,
    customPrices: options.customPrices,
    callerCost: event.cost ?? null,
    catalogMemo: options.catalogMemo,
  })
  const totalTokens = event.totalTokens ?? event.promptTokens + event.completionTokens
  return { stored, redaction, priced, occurredAt, totalTokens }
}
