import type { Category } from '@tokenledger/domain'
import { type Attributes, type AttributeValue, stringAttribute } from './attribute-values'

/** Who a call belongs to and why, read from the span's attributes, then its resource's. */
export interface SpanAttribution {
  userId?: number
  projectId?: number
  documentId?: number
  category?: Category
  purposeDetail?: string
  budgetOverrideId?: string
  /** `enduser.id`, `session.id`, `gen_ai.conversation.id`, the AI SDK's function id and other telemetry metadata. */
  metadata: Record<string, unknown>
}

export type AttributionResult = { ok: true; attribution: SpanAttribution } | { ok: false; error: string }

/**
 * Where each field is read from: Tokenledger's own attribute names (set on the span or, for a
 * whole service, on the resource), or the Vercel AI SDK's `experimental_telemetry.metadata`, which
 * arrives as `ai.telemetry.metadata.<key>`.
 */
export const ATTRIBUTION_KEYS = {
  userId: ['tokenledger.user.id', 'ai.telemetry.metadata.userId'],
  projectId: ['tokenledger.project.id', 'ai.telemetry.metadata.projectId'],
  documentId: ['tokenledger.document.id', 'ai.telemetry.metadata.documentId'],
  category: ['tokenledger.category', 'ai.telemetry.metadata.category'],
  purposeDetail: ['tokenledger.purpose', 'ai.telemetry.metadata.purpose'],
  budgetOverrideId: ['tokenledger.budget_override.id', 'ai.telemetry.metadata.budgetOverrideId'],
} as const

const METADATA_KEYS = {
  endUser: 'enduser.id',
  session: 'session.id',
  conversation: 'gen_ai.conversation.id',
  functionId: 'ai.telemetry.functionId',
} as const

const CONSUMED_TELEMETRY_KEYS = new Set<string>(Object.values(ATTRIBUTION_KEYS).flat())
const TELEMETRY_PREFIX = 'ai.telemetry.metadata.'
/** Metadata values are ids and labels: cut, so a huge one cannot push the event past the api's 64 KB. */
const MAX_VALUE_CHARS = 256
const MAX_TELEMETRY_KEYS = 50

export function spanAttribution(span: Attributes, resource: Attributes): AttributionResult {
  const read = (keys: readonly string[]) =>
    stringAttribute(span, ...keys) ?? stringAttribute(resource, ...keys)
  const attribution: SpanAttribution = { metadata: {} }

  for (const field of ['userId', 'projectId', 'documentId'] as const) {
    const raw = read(ATTRIBUTION_KEYS[field])
    if (raw === undefined) continue
    const id = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN
    if (!Number.isSafeInteger(id) || id < 1)
      return {
        ok: false,
        error:
          `${ATTRIBUTION_KEYS[field][0]} must be a numeric Tokenledger id (got "${raw.slice(0, 60)}"); ` +
          "the app's own string ids go in enduser.id (stored in the metadata)",
      }
    attribution[field] = id
  }
  // Category and override id are checked by the usage-event schema, with its messages.
  const category = read(ATTRIBUTION_KEYS.category)
  if (category !== undefined) attribution.category = category as Category
  const purpose = read(ATTRIBUTION_KEYS.purposeDetail)
  if (purpose !== undefined) attribution.purposeDetail = purpose
  const override = read(ATTRIBUTION_KEYS.budgetOverrideId)
  if (override !== undefined) attribution.budgetOverrideId = override.toLowerCase()

  for (const [name, key] of Object.entries(METADATA_KEYS)) {
    const value = read([key])
    if (value !== undefined) attribution.metadata[name] = value.slice(0, MAX_VALUE_CHARS)
  }
  const telemetry = telemetryMetadata(span)
  if (Object.keys(telemetry).length) attribution.metadata.telemetry = telemetry
  return { ok: true, attribution }
}

/** The AI SDK's telemetry metadata not used for attribution, kept as flat, bounded values. */
function telemetryMetadata(span: Attributes): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {}
  let count = 0
  for (const [key, value] of span) {
    if (!key.startsWith(TELEMETRY_PREFIX) || CONSUMED_TELEMETRY_KEYS.has(key)) continue
    if (++count > MAX_TELEMETRY_KEYS) break
    kept[key.slice(TELEMETRY_PREFIX.length).slice(0, MAX_VALUE_CHARS)] = flat(value)
  }
  return kept
}

function flat(value: AttributeValue): string | number | boolean {
  if (typeof value === 'string') return value.slice(0, MAX_VALUE_CHARS)
  if (typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value).slice(0, MAX_VALUE_CHARS)
}
