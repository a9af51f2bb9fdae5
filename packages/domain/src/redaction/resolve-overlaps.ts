import type { Finding, RedactionType, Span } from './types'

// When two detectors claim overlapping text, the more specific one wins: a key block or token is
// matched by its exact format, while phone numbers are the loosest shape of all.
const PRIORITY: Record<RedactionType, number> = {
  private_key: 8,
  aws_key: 7,
  api_key: 6,
  email: 5,
  credit_card: 4,
  ssn: 3,
  ip_address: 2,
  phone: 1,
}

function beats(a: Finding, b: Finding): boolean {
  const pa = PRIORITY[a.type]
  const pb = PRIORITY[b.type]
  if (pa !== pb) return pa > pb
  return a.end - a.start > b.end - b.start
}

/**
 * Sorted, non-overlapping findings: of two overlapping candidates the higher-priority (then longer)
 * one is kept. `markers` are the `[REDACTED:x]` markers already in the text (sorted, disjoint): a
 * candidate that would cut into one or is one is dropped, so markers are never re-redacted; a
 * candidate that extends past both ends of a marker (a private key block redacted in part before)
 * covers it whole, so nothing around the marker leaks. O(n log n) for the sort, then one sweep:
 * accepted findings are disjoint, so a new candidate overlaps at most the last one.
 */
export function resolveOverlaps(candidates: Finding[], markers: Span[]): Finding[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end)
  const out: Finding[] = []
  for (const c of sorted) {
    if (markers.length > 0 && cutsOrIsMarker(c, markers)) continue
    const last = out[out.length - 1]
    if (last && last.end > c.start) {
      if (beats(c, last)) out[out.length - 1] = c
      continue
    }
    out.push(c)
  }
  return out
}

function cutsOrIsMarker(c: Finding, markers: Span[]): boolean {
  const atStart = markerAround(markers, c.start)
  if (atStart !== undefined && (atStart.start < c.start || atStart.end >= c.end)) return true
  const atEnd = markerAround(markers, c.end - 1)
  return atEnd !== undefined && atEnd.end > c.end
}

/** The marker containing position `pos`, by binary search. */
function markerAround(markers: Span[], pos: number): Span | undefined {
  let lo = 0
  let hi = markers.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const m = markers[mid] as Span
    if (m.end <= pos) lo = mid + 1
    else if (m.start > pos) hi = mid - 1
    else return m
  }
  return undefined
}
