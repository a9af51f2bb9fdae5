import { type EventResult, usageEventSchema } from '@tokenledger/contract'
import { type Db, type RedactTexts, storeUsageEvents, type UsageIdentity } from '@tokenledger/db'
import type { UsageEvent } from '@tokenledger/domain'

/**
 * A batch as apps send it: each event parsed once with the contract's schema, the valid ones
 * stored by `storeUsageEvents`, the invalid ones rejected alone with their reason. One result per
 * event, in the batch's order.
 */
export async function recordUsage(
  db: Db,
  identity: UsageIdentity,
  rawEvents: unknown[],
  now: Date,
  redactTexts?: RedactTexts,
): Promise<EventResult[]> {
  const results: EventResult[] = new Array(rawEvents.length)
  const parsed: Array<{ index: number; event: UsageEvent }> = []
  rawEvents.forEach((raw, index) => {
    const outcome = usageEventSchema.safeParse(raw)
    if (outcome.success) parsed.push({ index, event: outcome.data })
    else
      results[index] = {
        index,
        status: 'rejected',
        reason: 'INVALID_INPUT',
        error: describeIssues(outcome.error.issues),
      }
  })
  const stored = await storeUsageEvents(
    db,
    identity,
    parsed.map((p) => p.event),
    now,
    { redactTexts },
  )
  // storeUsageEvents numbers the events it was given; put each result back at its batch position.
  stored.forEach((result, i) => {
    const index = parsed[i]?.index as number
    results[index] = { ...result, index }
  })
  return results
}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
}
