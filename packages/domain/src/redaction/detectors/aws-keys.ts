import { codeAt, isAsciiAlnum } from '../chars'
import { looksLikePlaceholder } from '../entropy'
import type { Finding } from '../types'
import { isBase64Char, SECRET_LENGTH, secretCandidates } from './aws-secret-candidates'
import { followsEscape } from './escapes'
import { labelEndsLine } from './label-ends-line'

// AKIA, ASIA, ABIA, ACCA: written with the shared `A` first, which scans about 40% faster.
const ACCESS_KEY_ID = /A(?:KI|SI|BI|CC)A[A-Z0-9]{16}/g
// The secret access key is just 40 base64 characters; only its label or a nearby key id says AWS.
const SECRET_LABEL = /(?<![a-z])aws|secret.?access/gi
const LABEL_REACH = 100
const NEAR_KEY_ID = 300

/** AWS access key ids (`AKIA…`, `ASIA…`) and the 40-character secret access keys that go with them. */
export function detectAwsKeys(text: string): Finding[] {
  const ids = detectAccessKeyIds(text)
  return [...ids, ...detectSecretAccessKeys(text, ids)]
}

function detectAccessKeyIds(text: string): Finding[] {
  const out: Finding[] = []
  ACCESS_KEY_ID.lastIndex = 0
  for (let m = ACCESS_KEY_ID.exec(text); m !== null; m = ACCESS_KEY_ID.exec(text)) {
    const end = m.index + m[0].length
    if (isAsciiAlnum(codeAt(text, m.index - 1)) || isAsciiAlnum(codeAt(text, end))) {
      ACCESS_KEY_ID.lastIndex = m.index + 1
      continue
    }
    // AWS documents AKIAIOSFODNN7EXAMPLE; placeholders like AKIAXXXXXXXXXXXXXXXX are not keys.
    if (looksLikePlaceholder(m[0].slice(4))) continue
    out.push({ type: 'aws_key', start: m.index, end })
  }
  return out
}

/**
 * Secrets are only looked for in windows after an AWS label (the rest of its line, or the next
 * line when the label ends its line) or around a key id: scanning the whole text for
 * 40-character runs would be the most expensive step of redaction. Windows are merged, so each
 * character is scanned at most once.
 */
function detectSecretAccessKeys(text: string, ids: Finding[]): Finding[] {
  const labelWindows = findLabelWindows(text)
  const windows: Array<[number, number]> = [...labelWindows]
  for (const id of ids) windows.push([id.start - NEAR_KEY_ID, id.end + NEAR_KEY_ID])
  if (windows.length === 0) return []
  windows.sort((a, b) => a[0] - b[0])

  const out: Finding[] = []
  let scanned = 0
  let nearestId = 0
  let label = 0
  for (const [windowStart, windowEnd] of windows) {
    const from = Math.max(0, windowStart, scanned)
    const to = Math.min(text.length, windowEnd + SECRET_LENGTH)
    if (to - from < SECRET_LENGTH) continue
    // The next window resumes at the first start position this slice could not complete.
    scanned = to - SECRET_LENGTH + 1
    // `=` may come before a secret (`KEY=…`) but not after it (base64 padding of a longer value);
    // so may a `\n` escape in JSON-encoded text.
    for (const start of secretCandidates(text, from, to)) {
      const end = start + SECRET_LENGTH
      // The window hides what surrounds it: check both boundaries against the whole text.
      const gluedLeft = isBase64Char(codeAt(text, start - 1)) && !followsEscape(text, start)
      if (gluedLeft || isBase64Char(codeAt(text, end)) || codeAt(text, end) === 61) continue
      if (!isSecretShaped(text.slice(start, end))) continue
      // Ids, label windows and candidates are all in text order: forward-moving pointers.
      while (nearestId < ids.length && (ids[nearestId] as Finding).start < start - NEAR_KEY_ID) nearestId++
      const idNearby = nearestId < ids.length && (ids[nearestId] as Finding).start <= start + NEAR_KEY_ID
      while (label < labelWindows.length && (labelWindows[label] as [number, number])[1] <= start) label++
      const labelled = label < labelWindows.length && (labelWindows[label] as [number, number])[0] <= start
      if (!idNearby && !labelled) continue
      out.push({ type: 'aws_key', start, end })
    }
  }
  return out
}

/** Where a value labelled by each AWS label can start, merged into disjoint ranges in text order. */
function findLabelWindows(text: string): Array<[number, number]> {
  const windows: Array<[number, number]> = []
  SECRET_LABEL.lastIndex = 0
  for (let m = SECRET_LABEL.exec(text); m !== null; m = SECRET_LABEL.exec(text)) {
    const from = m.index + m[0].length
    let to = lineEnd(text, from)
    if (to < text.length && text[to] === '\n' && labelEndsLine(text.slice(from, to))) {
      to = lineEnd(text, to + 1)
    }
    const last = windows[windows.length - 1]
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else windows.push([from, to])
  }
  return windows
}

/** The end of the line from `from`, looking at most LABEL_REACH characters ahead. */
function lineEnd(text: string, from: number): number {
  // Search inside the reach only; an unbounded indexOf per label is quadratic.
  const newline = text.slice(from, from + LABEL_REACH).indexOf('\n')
  return newline === -1 ? Math.min(text.length, from + LABEL_REACH) : from + newline
}

/** Random base64: both letter cases, a digit or symbol, not a hex digest, not a documented example. */
function isSecretShaped(value: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(value)) return false
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9/+]/.test(value)) return false
  return !looksLikePlaceholder(value)
}
