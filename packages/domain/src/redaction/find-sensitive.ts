import { detectAwsKeys } from './detectors/aws-keys'
import { detectCreditCards } from './detectors/credit-card'
import { findDigitRuns } from './detectors/digit-runs'
import { detectEmails } from './detectors/email'
import { detectGenericSecrets } from './detectors/generic-secrets'
import { detectIpAddresses } from './detectors/ip-address'
import { scanPemBlocks } from './detectors/pem-blocks'
import { detectPhones } from './detectors/phone'
import { detectProviderKeys } from './detectors/provider-keys'
import { detectSsns } from './detectors/ssn'
import { resolveOverlaps } from './resolve-overlaps'
import type { Finding, Span } from './types'

const MARKER = /\[REDACTED:[a-z_]+\]/g

/**
 * Every sensitive span in `text`, sorted by position and non-overlapping. Pure and linear in the
 * length of the text: each detector scans with bounded regexes or anchored loops.
 */
export function findSensitive(text: string): Finding[] {
  if (text.length === 0) return []
  const pem = scanPemBlocks(text)
  const digits = findDigitRuns(text)
  const candidates: Finding[] = [
    ...pem.privateKeys,
    ...detectProviderKeys(text),
    ...detectAwsKeys(text),
    ...detectGenericSecrets(text),
    ...detectEmails(text),
    ...detectCreditCards(text, digits),
    ...detectSsns(text, digits),
    ...detectIpAddresses(text),
    ...detectPhones(text, digits),
  ]
  if (candidates.length === 0) return []
  return resolveOverlaps(candidates, [...pem.publicBlocks, ...redactionMarkers(text)])
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
