import { findSensitive } from './find-sensitive'
import { REDACTION_TYPES, type RedactionResult, type RedactionSummary, type RedactionType } from './types'

// One marker string per type, built once: dense text has a finding every hundred characters.
const MARKERS = new Map<RedactionType, string>(REDACTION_TYPES.map((t) => [t, `[REDACTED:${t}]`]))

/** Replaces each sensitive span with `[REDACTED:<type>]` and counts replacements per type. */
export function redact(text: string): RedactionResult {
  const findings = findSensitive(text)
  if (findings.length === 0) return { text, summary: {}, redacted: false }
  const summary: RedactionSummary = {}
  let out = ''
  let cursor = 0
  for (const f of findings) {
    out += text.slice(cursor, f.start) + (MARKERS.get(f.type) as string)
    summary[f.type] = (summary[f.type] ?? 0) + 1
    cursor = f.end
  }
  out += text.slice(cursor)
  return { text: out, summary, redacted: true }
}
