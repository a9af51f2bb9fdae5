import type { RedactionSummary, RedactionType } from './types'

/** Adds per-type counts, e.g. of a call's prompt, response and error message. */
export function mergeSummaries(...summaries: RedactionSummary[]): RedactionSummary {
  const merged: RedactionSummary = {}
  for (const s of summaries) {
    for (const [type, count] of Object.entries(s) as Array<[RedactionType, number | undefined]>) {
      if (count) merged[type] = (merged[type] ?? 0) + count
    }
  }
  return merged
}
