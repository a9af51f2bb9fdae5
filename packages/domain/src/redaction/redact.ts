import { findSensitive } from './find-sensitive'
import type { RedactionResult, RedactionSummary } from './types'

/** Replaces each sensitive span with `[REDACTED:<type>]` and counts replacements per type. */
export function redact(text: string): RedactionResult {
  const findings = findSensitive(text)
  if (findings.length === 0) return { text, summary: {}, redacted: false }
  const summary: RedactionSummary = {}
  const parts: string[] = []
  let cursor = 0
  for (const f of findings) {
    parts.push(text.slice(cursor, f.start), `[REDACTED:${f.type}]`)
    summary[f.type] = (summary[f.type] ?? 0) + 1
    cursor = f.end
  }
  parts.push(text.slice(cursor))
  return { text: parts.join(''), summary, redacted: true }
}
