import { eventTexts, type RedactedEvent, type UsageEvent } from '@tokenledger/domain'
import { redactEvents } from './redact-events'
import type { RedactTexts } from './redact-texts'

/** Consecutive events `[start, end)` of a batch and their redaction, under way. */
export interface RedactionChunk {
  start: number
  end: number
  redacted: Promise<RedactedEvent[]>
}

/** A batch has one chunk per this many characters of text (at most `MAX_CHUNKS`): a smaller chunk is not worth its own insert statement. */
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
  // Each event's texts are listed once, for its size and for its redaction.
  const texts = events.map(eventTexts)
  const sizes = texts.map((own) => own.reduce((sum, text) => sum + text.length, 0))
  return chunkBounds(sizes).map(([start, end]) => {
    const redacted = redactEvents(events.slice(start, end), redactTexts, texts.slice(start, end))
    redacted.catch(() => {})
    return { start, end, redacted }
  })
}

/**
 * Splits items of the given sizes into at most `maxChunks` consecutive chunks (so a small batch is
 * one chunk), the first about half the size of the others: nothing is written while the first chunk
 * is redacted, so it is kept short. Answers `[start, end)` pairs covering every item in order.
 */
export function chunkBounds(
  sizes: readonly number[],
  maxChunks = MAX_CHUNKS,
  minChunkChars = MIN_CHUNK_CHARS,
): Array<[number, number]> {
  const total = sizes.reduce((sum, size) => sum + size, 0)
  const count = Math.max(1, Math.min(maxChunks, Math.floor(total / minChunkChars), sizes.length))
  // Shares of the whole: the first chunk one, each later chunk two.
  const share = total / (2 * count - 1)
  const bounds: Array<[number, number]> = []
  let start = 0
  let filled = 0
  for (let i = 0; i < sizes.length; i++) {
    filled += sizes[i] as number
    // Close a chunk once it reaches its share of the whole, keeping the last chunk for the rest.
    if (bounds.length < count - 1 && filled >= share * (2 * bounds.length + 1)) {
      bounds.push([start, i + 1])
      start = i + 1
    }
  }
  if (start < sizes.length || !bounds.length) bounds.push([start, sizes.length])
  return bounds
}
