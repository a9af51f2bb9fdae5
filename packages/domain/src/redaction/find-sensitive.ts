import { detectAwsKeys } from './detectors/aws-keys'
import { detectCreditCards } from './detectors/credit-card'
import { findDigitRuns } from './detectors/digit-runs'
import { detectEmails } from './detectors/email'
import { detectGenericSecrets } from './detectors/generic-secrets'
import { detectIpAddresses } from './detectors/ip-address'
import { detectJwts } from './detectors/jwt'
import { detectPrivateKeys } from './detectors/pem-blocks'
import { detectPhones } from './detectors/phone'
import { detectProviderKeys } from './detectors/provider-keys'
import { detectSsns } from './detectors/ssn'
import { normalizeForDetection } from './normalized-view'
import { resolveOverlaps } from './resolve-overlaps'
import type { Finding, Span } from './types'

const MARKER = /\[REDACTED:[a-z_]+\]/g

/**
 * Every sensitive span in `text`, sorted by position and non-overlapping. Pure and linear in the
 * length of the text: each detector scans with bounded regexes or anchored loops.
 *
 * Detectors read the normalised view (escapes decoded, Unicode variants folded) and their findings
 * are mapped back to the original text. When decoding may have joined what the raw text keeps
 * apart (a zero-width space between a card and a digit) or split a raw value (`%20`), the raw text
 * is scanned too and its findings fill the gaps the view's leave. Plain JSON escaping (`\n`, `\"`)
 * does neither, so tool-call arguments are scanned once.
 */
export function findSensitive(text: string): Finding[] {
  if (text.length === 0) return []
  const markers = redactionMarkers(text)
  const normalized = normalizeForDetection(text)
  if (normalized.identity) return resolveOverlaps(detectAll(text), markers)
  const inView = detectAll(normalized.view).map((f) => {
    const [start, end] = normalized.toOriginal(f.start, f.end)
    return { type: f.type, start, end }
  })
  const resolved = resolveOverlaps(inView, markers)
  if (!normalized.rawScanNeeded) return resolved
  return fillGaps(resolved, resolveOverlaps(detectAll(text), markers))
}

function detectAll(text: string): Finding[] {
  const digits = findDigitRuns(text)
  const aws = detectAwsKeys(text)
  return [
    ...detectPrivateKeys(text),
    ...detectProviderKeys(text),
    ...aws,
    // An AWS key wins over an API key with the same span (resolveOverlaps): not validated twice.
    ...detectGenericSecrets(text, aws),
    ...detectJwts(text),
    ...detectEmails(text),
    ...detectCreditCards(text, digits),
    ...detectSsns(text, digits),
    ...detectIpAddresses(text),
    ...detectPhones(text, digits),
  ]
}

/** `primary` plus each finding of `extra` that overlaps none of it; both sorted and disjoint. */
function fillGaps(primary: Finding[], extra: Finding[]): Finding[] {
  if (extra.length === 0) return primary
  const out: Finding[] = []
  let p = 0
  for (const f of extra) {
    while (p < primary.length && (primary[p] as Finding).end <= f.start) out.push(primary[p++] as Finding)
    const next = primary[p]
    const previous = out[out.length - 1]
    if (next && next.start < f.end) continue
    if (previous && previous.end > f.start) continue
    out.push(f)
  }
  while (p < primary.length) out.push(primary[p++] as Finding)
  return out
}

/** Markers left by an earlier `redact`: never touched again, so redaction is idempotent. */
function redactionMarkers(text: string): Span[] {
  const spans: Span[] = []
  if (!text.includes('[REDACTED:')) return spans
  MARKER.lastIndex = 0
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length })
  }
  return spans
}
