import { eventTexts, type RedactedEvent, type UsageEvent } from '@tokenledger/domain'
import { redactEvents } from './redact-events'
import type { RedactTexts } from './redact-texts'

/** Consecutive events `[start, end)` of a batch and their redaction, under way. */
export interface RedactionChunk {
  start: number
  end: number
  redacted: Promise<RedactedEvent[]>
}

/** A chunk smaller than this is not worth its own insert statement (and the pool redacts it inline). */
export const MIN_CHUNK_CHARS = 64 * 1024
/** Enough chunks to overlap redaction with writing, few enough that the extra statements stay cheap. */
export const MAX_CHUNKS = 4

/**
 * Redaction of a batch in up to `MAX_CHUNKS` consecutive chunks, every chunk handed to `redactTexts`
 * at once (the pool works through them in order), so `storeUsageEvents` can write the first chunk's
 * rows while the next chunks are redacted. A chunk that fails rejects its own promise only, and a
 * promise nobody waits for (the batch failed earlier) raises no unhandled rejection.
 */
export function redactInChunks(events: UsageEvent[], redactTexts: RedactTexts): RedactionChunk[] {
  const sizes = events.map((event) => eventTexts(event).reduce((sum, text) => sum + text.length, 0))
  return chunkBounds(sizes).map(([start, end]) => {
    const redacted = redactEvents(events.slice(start, end), redactTexts)
    redacted.catch(() => {})
    return { start, end, redacted }
  })
}

/**
 * Splits items of the given sizes into at most `maxChunks` consecutive chunks of about equal size,
 * none under `minChunkChars` (so a small batch is one chunk). Answers `[start, end)` pairs covering
 * every item in order.
 */
export function chunkBounds(
  sizes: readonly number[],
  maxChunks = MAX_CHUNKS,
  minChunkChars = MIN_CHUNK_CHARS,
): Array<[number, number]> {
  const total = sizes.reduce((sum, size) => sum + size, 0)
  const count = Math.max(1, Math.min(maxChunks, Math.floor(total / minChunkChars), sizes.length))
  const target = total / count
  const bounds: Array<[number, number]> = []
  let start = 0
  let filled = 0
  for (let i = 0; i < sizes.length; i++) {
    filled += sizes[i] as number
    // Close a chunk once it reaches its share of the whole, keeping the last chunk for the rest.
    if (bounds.length < count - 1 && filled >= target * (bounds.length + 1)) {
      bounds.push([start, i + 1])
      start = i + 1
    }
  }
  if (start < sizes.length || !bounds.length) bounds.push([start, sizes.length])
  return bounds
}
