import { createHash } from 'node:crypto'
import { redact } from '../redaction/redact'
import { mergeSummaries } from '../redaction/summary'
import type { RedactionResult, RedactionSummary } from '../redaction/types'
import type { UsageEvent } from '../usage-event'
import { type ContentField, STORED_CONTENT_CHARS } from './usage-event-limits'

/**
 * Raw characters redacted past a content field's stored length. Only that prefix of a long prompt
 * is redacted (the rest is never stored), and the last MARGIN characters of its redacted text are
 * dropped too: a secret the prefix cut in half sits there, unrecognised. Larger than any secret the
 * detectors know (a PEM private key of 8,192 bits is about 6,400 characters).
 */
export const REDACTION_MARGIN_CHARS = 10_000

/** An event as it is stored: every free-text field redacted, content cut to its stored length. */
export interface RedactedEvent {
  event: UsageEvent
  /** Replacements per type, over every field. */
  summary: RedactionSummary
  /** Whether any field had something replaced. */
  redacted: boolean
  /** The content fields cut to their stored length. */
  truncated: ContentField[]
}

/**
 * The texts to redact for one event, in a fixed order that `applyRedactions` relies on: provider,
 * model, prompt, response, error message, purpose detail, task type, loggable type and id,
 * idempotency key, then every metadata key, string and number, depth first. Long content is
 * given as its prefix only. Redact them anywhere (this thread, a worker), then apply.
 */
export function eventTexts(event: UsageEvent): string[] {
  const texts: string[] = []
  visitTexts(event, (text, field) => {
    texts.push(isContent(field) ? redactedPrefix(text, field) : text)
    return text
  })
  return texts
}

/**
 * The stored form of an event, from the redaction of each of `eventTexts(event)`. The model and
 * provider come back redacted too: price the call with the event's own values before this.
 * An idempotency key with something redacted keeps a hash of the raw key, so two keys that differ
 * only in what was redacted stay distinct, while a retry of the same key still matches.
 */
export function applyRedactions(event: UsageEvent, results: readonly RedactionResult[]): RedactedEvent {
  // The count is checked after the walk rather than by a walk of its own (eventTexts), which
  // copied the whole event again on the api's main thread for one number.
  let next = 0
  const summaries: RedactionSummary[] = []
  const truncated: ContentField[] = []
  const redacted = visitTexts(event, (raw, field) => {
    const result = results[next++]
    if (result === undefined) return raw
    summaries.push(result.summary)
    if (isContent(field)) {
      const cut = cutContent(raw, result.text, field)
      if (cut.truncated) truncated.push(field)
      return cut.text
    }
    if (field === 'idempotencyKey' && result.redacted) return `${result.text}#${shortHash(raw)}`
    return result.text
  })
  if (next !== results.length)
    throw new Error(`expected ${next} redactions for this event, got ${results.length}`)
  const summary = mergeSummaries(...summaries)
  return { event: redacted, summary, redacted: Object.keys(summary).length > 0, truncated }
}

/** `applyRedactions` with the redaction done here, in this thread. */
export function redactEvent(event: UsageEvent): RedactedEvent {
  return applyRedactions(event, eventTexts(event).map(redact))
}

type TextField =
  | 'provider'
  | 'model'
  | ContentField
  | 'purposeDetail'
  | 'taskType'
  | 'loggable'
  | 'idempotencyKey'
  | 'metadata'

/** The one walk over an event's free text, so collecting and applying can never disagree on order. */
function visitTexts(event: UsageEvent, map: (text: string, field: TextField) => string): UsageEvent {
  // Mapped in the order eventTexts documents, then set on a copy.
  const provider = map(event.provider, 'provider')
  const model = map(event.model, 'model')
  const prompt = optional(event.prompt, 'prompt', map)
  const response = optional(event.response, 'response', map)
  const errorMessage = optional(event.errorMessage, 'errorMessage', map)
  const purposeDetail = optional(event.purposeDetail, 'purposeDetail', map)
  const taskType = optional(event.taskType, 'taskType', map)
  const loggable = event.loggable && {
    type: map(event.loggable.type, 'loggable'),
    id: map(String(event.loggable.id), 'loggable'),
  }
  const idempotencyKey = optional(event.idempotencyKey, 'idempotencyKey', map)
  const metadata =
    event.metadata && (visitJson(event.metadata, (t) => map(t, 'metadata')) as Record<string, unknown>)
  // Absent fields stay absent: only what the event has is set, rather than setting every field and
  // deleting the undefined ones, since a delete turns the object into a slow dictionary-mode one
  // (most of this function's time, and every later read of the event's fields).
  const out: UsageEvent = { ...event, provider, model }
  if (prompt !== undefined) out.prompt = prompt
  if (response !== undefined) out.response = response
  if (errorMessage !== undefined) out.errorMessage = errorMessage
  if (purposeDetail !== undefined) out.purposeDetail = purposeDetail
  if (taskType !== undefined) out.taskType = taskType
  if (loggable !== undefined) out.loggable = loggable
  if (idempotencyKey !== undefined) out.idempotencyKey = idempotencyKey
  if (metadata !== undefined) out.metadata = metadata
  // A field given as undefined is dropped too, as absent.
  for (const key of Object.keys(out) as Array<keyof UsageEvent>) if (out[key] === undefined) delete out[key]
  return out
}

/**
 * `map` of a field that may be absent. A module-level function, not a closure per walk: under tsx
 * each closure created gets its name set by a defineProperty (see sameSpan in normalized-view.ts).
 */
function optional<T extends string | undefined | null>(
  text: T,
  field: TextField,
  map: (text: string, field: TextField) => string,
): T | string {
  return text == null ? text : map(text, field)
}

/**
 * Keys and strings go through `map`; so do numbers (a card number sent as a JSON number is still a
 * card number), which stay numbers unless something in them was replaced. Recursive: callers bound
 * the depth first (see `checkJsonShape`).
 */
function visitJson(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value)
  if (typeof value === 'number') {
    const text = String(value)
    const mapped = map(text)
    return mapped === text ? value : mapped
  }
  if (Array.isArray(value)) return value.map((v) => visitJson(v, map))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) {
      const name = uniqueKey(out, map(key))
      const mapped = visitJson(child, map)
      // A `__proto__` key from JSON stays a plain key: assigning it would set the prototype. Any
      // other key is assigned, which is the same as defining it and several times faster.
      if (name === '__proto__') {
        Object.defineProperty(out, name, {
          value: mapped,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      } else {
        out[name] = mapped
      }
    }
    return out
  }
  return value
}

/** Two keys redacted to the same text (two emails) both keep their values: the second gets ` #2`. */
function uniqueKey(taken: Record<string, unknown>, key: string): string {
  if (!Object.hasOwn(taken, key)) return key
  let n = 2
  while (Object.hasOwn(taken, `${key} #${n}`)) n++
  return `${key} #${n}`
}

function isContent(field: TextField): field is ContentField {
  return Object.hasOwn(STORED_CONTENT_CHARS, field)
}

function redactedPrefix(raw: string, field: ContentField): string {
  const limit = STORED_CONTENT_CHARS[field] + REDACTION_MARGIN_CHARS
  return raw.length > limit ? raw.slice(0, limit) : raw
}

/** Cuts redacted content to its stored length; `redactedText` is the redaction of `redactedPrefix(raw)`. */
function cutContent(raw: string, redactedText: string, field: ContentField) {
  const max = STORED_CONTENT_CHARS[field]
  const prefixLength = redactedPrefix(raw, field).length
  const partial = prefixLength < raw.length
  if (!partial && redactedText.length <= max) return { text: redactedText, truncated: false }
  const keep = partial ? Math.max(0, Math.min(max, redactedText.length - REDACTION_MARGIN_CHARS)) : max
  // Characters not stored: the redacted ones cut here plus the raw ones never redacted.
  const omitted = redactedText.length - keep + (raw.length - prefixLength)
  return {
    text: `${redactedText.slice(0, keep)}\n[TRUNCATED: ${omitted} more characters]`,
    truncated: true,
  }
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
