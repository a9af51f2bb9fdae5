import { applyRedactions, eventTexts, type RedactedEvent, type UsageEvent } from '@tokenledger/domain'
import type { RedactTexts } from './redact-texts'

/**
 * Redacts the free text of many events with one call of `redactTexts` (a worker pool for large
 * batches), so a batch's texts are spread over the workers instead of redacted event by event.
 * `texts`: each event's `eventTexts`, when the caller has them already (walking events costs).
 */
export async function redactEvents(
  events: UsageEvent[],
  redactTexts: RedactTexts,
  texts: string[][] = events.map(eventTexts),
): Promise<RedactedEvent[]> {
  const results = await redactTexts(texts.flat())
  let offset = 0
  return events.map((event, i) => {
    const count = texts[i]?.length ?? 0
    const own = results.slice(offset, offset + count)
    offset += count
    return applyRedactions(event, own)
  })
}
