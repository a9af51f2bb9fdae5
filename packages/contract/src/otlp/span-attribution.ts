import type { Category } from '@tokenledger/domain'
import { externalIdSchema } from '../external-refs'
import { type Attributes, type AttributeValue, stringAttribute } from './attribute-values'

/** Who a call belongs to and why, read from the span's attributes, then its resource's. */
export interface SpanAttribution {
  /** The app's own ids (`tokenledger.user.id`, `enduser.id`…), created on first sight. */
  user?: { externalId: string }
  project?: { externalId: string }
  document?: { externalId: string }
  /** Tokenledger's numeric ids (`tokenledger.user.tokenledger_id`…) of existing rows. */
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
 * arrives as `ai.telemetry.metadata.<key>`. `*.id` is the app's own id, as OpenTelemetry's
 * `enduser.id` is; Tokenledger's numeric ids have names of their own.
 */
export const ATTRIBUTION_KEYS = {
  user: ['tokenledger.user.id', 'ai.telemetry.metadata.userId'],
  project: ['tokenledger.project.id', 'ai.telemetry.metadata.projectId'],
  document: ['tokenledger.document.id', 'ai.telemetry.metadata.documentId'],
  userId: ['tokenledger.user.tokenledger_id', 'ai.telemetry.metadata.tokenledgerUserId'],
  projectId: ['tokenledger.project.tokenledger_id', 'ai.telemetry.metadata.tokenledgerProjectId'],
  documentId: ['tokenledger.document.tokenledger_id', 'ai.telemetry.metadata.tokenledgerDocumentId'],
  category: ['tokenledger.category', 'ai.telemetry.metadata.category'],
  purposeDetail: ['tokenledger.purpose', 'ai.telemetry.metadata.purpose'],
  budgetOverrideId: ['tokenledger.budget_override.id', 'ai.telemetry.metadata.budgetOverrideId'],
} as const

/** OpenTelemetry's own end-user attribute: the app's user id when no Tokenledger attribute names one. */
const END_USER_KEY = 'enduser.id'

const METADATA_KEYS = {
  endUser: END_USER_KEY,
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

  for (const kind of ['user', 'project', 'document'] as const) {
    const idField = `${kind}Id` as const
    const raw = read(ATTRIBUTION_KEYS[idField])
    if (raw !== undefined) {
      const id = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN
      if (!Number.isSafeInteger(id) || id < 1)
        return {
          ok: false,
          error:
            `${ATTRIBUTION_KEYS[idField][0]} must be a numeric Tokenledger id (got "${raw.slice(0, 60)}"); ` +
            `the app's own ids go in ${ATTRIBUTION_KEYS[kind][0]}`,
        }
      attribution[idField] = id
    }
    const external = read(ATTRIBUTION_KEYS[kind])
    if (external === undefined) continue
    if (raw !== undefined)
      return {
        ok: false,
        error: `name the ${kind} either by ${ATTRIBUTION_KEYS[kind][0]} (your own id) or by ${ATTRIBUTION_KEYS[idField][0]}, not both`,
      }
    const parsed = externalIdSchema.safeParse(external)
    if (!parsed.success)
      return {
        ok: false,
        error: `${ATTRIBUTION_KEYS[kind][0]} is your own id: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      }
    attribution[kind] = { externalId: parsed.data }
  }
  // A generic instrumentation's end user is the app's user unless Tokenledger's attributes say
  // otherwise; one that is not usable as an id stays in the metadata only.
  const endUser = read([END_USER_KEY])
  if (endUser !== undefined && attribution.user == null && attribution.userId == null) {
    const parsed = externalIdSchema.safeParse(endUser)
    if (parsed.success) attribution.user = { externalId: parsed.data }
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
