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
 * Sorted, non-overlapping findings: candidates inside a protected span are dropped, and of two
 * overlapping candidates the higher-priority (then longer) one is kept. O(n log n) for the sort,
 * then one sweep: accepted findings are disjoint, so a new candidate overlaps at most the last one.
 */
export function resolveOverlaps(candidates: Finding[], protectedSpans: Span[]): Finding[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end)
  const zones = [...protectedSpans].sort((a, b) => a.start - b.start)
  const out: Finding[] = []
  let z = 0
  for (const c of sorted) {
    while (z < zones.length && (zones[z] as Span).end <= c.start) z++
    const zone = zones[z]
    if (zone && zone.start < c.end) continue
    const last = out[out.length - 1]
    if (last && last.end > c.start) {
      if (beats(c, last)) out[out.length - 1] = c
      continue
    }
    out.push(c)
  }
  return out
}
