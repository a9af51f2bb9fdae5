import type { Finding } from '../types'

const BEGIN = '-----BEGIN '
const END = '-----END '
const DASHES = '-----'
const MAX_LABEL = 64
// A real key body carries far more than this; `xxx` or `...` bodies are documentation.
const MIN_BODY_CHARS = 40
const MIN_DISTINCT = 16
// Without an END line (a truncated paste) more body is needed before calling it a key.
const MIN_TRUNCATED_BODY_CHARS = 64

const MARKER_PREFIX = '[REDACTED:'
const MAX_MARKER = 32

/**
 * Finds private keys in PEM/PGP armor. A private key's finding is the whole BEGIN…END block (also
 * when its newlines are JSON-escaped `\n`); a block truncated before its END line is redacted up to
 * the end of its base64 body. Other armor (certificates, public keys, `-----BEGIN TRANSCRIPT-----`)
 * is only a delimiter: it exempts nothing, the other detectors scan inside it.
 *
 * Linear: the next END line is searched once and reused by every BEGIN before it, so many BEGIN
 * lines without an END (or with made-up labels) do not rescan the text.
 */
export function detectPrivateKeys(text: string): Finding[] {
  const privateKeys: Finding[] = []
  // Position of the first END line at or after the last search start. BEGIN positions only grow,
  // so the search moves forward through the text once in total, whatever the labels.
  let nextEnd = -2
  let from = 0
  for (;;) {
    const start = indexOfBegin(text, from)
    if (start === -1) break
    const label = readLabel(text, start + BEGIN.length)
    if (label === null) {
      from = start + 1
      continue
    }
    const bodyStart = start + BEGIN.length + label.length + DASHES.length
    const endMarker = `-----END ${label}-----`
    if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = text.indexOf(END, bodyStart)
    // A body never contains another armor line: the first END after BEGIN closes it or nothing does.
    const end = nextEnd !== -1 && text.startsWith(endMarker, nextEnd) ? nextEnd : -1
    // Scanning resumes inside other blocks: a private key pasted inside them is still one.
    if (!label.includes('PRIVATE KEY')) {
      from = bodyStart
      continue
    }
    const body = measureBody(text, bodyStart, end === -1 ? text.length : end)
    if (end !== -1 && body.stop === end && isKeyBody(body, MIN_BODY_CHARS)) {
      privateKeys.push({ type: 'private_key', start, end: end + endMarker.length })
      from = end + endMarker.length
    } else if (isKeyBody(body, MIN_TRUNCATED_BODY_CHARS)) {
      privateKeys.push({ type: 'private_key', start, end: body.lastBase64 + 1 })
      from = body.lastBase64 + 1
    } else {
      from = Math.max(bodyStart, body.stop)
    }
  }
  return privateKeys
}

function readLabel(text: string, at: number): string | null {
  for (let i = at; i < text.length && i - at <= MAX_LABEL; i++) {
    const c = text.charCodeAt(i)
    if (c === 45) return text.startsWith(DASHES, i) && i > at ? text.slice(at, i) : null
    const ok = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 32
    if (!ok) return null
  }
  return null
}

interface Body {
  base64: number
  distinct: number
  /** Where scanning stopped: the END marker, or the first character that cannot be key body. */
  stop: number
  lastBase64: number
}

/**
 * Reads a key body: header lines (`Proc-Type:`, `DEK-Info:`, `Version:`) first, then only base64,
 * whitespace, escaped newlines, the punctuation that holds a key's lines together in code and
 * quotes (`"…\n" + "…"`, a JSON array of lines, `> ` quoting) and `[REDACTED:x]` markers (a key
 * redacted in part is still a key). Stops at the first other character, so a scan never runs past
 * text that cannot be a key.
 */
function measureBody(text: string, from: number, to: number): Body {
  let i = skipHeaderLines(text, from, to)
  let base64 = 0
  let lastBase64 = -1
  const seen = new Set<number>()
  while (i < to) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++
    } else if (c === 92 && i + 1 < to && isEscapeLetter(text.charCodeAt(i + 1))) {
      i += 2
    } else if (isJoiner(c)) {
      i++
    } else if (c === 91 && text.startsWith(MARKER_PREFIX, i)) {
      const close = text.slice(i, Math.min(to, i + MAX_MARKER)).indexOf(']')
      if (close === -1) break
      i += close + 1
    } else if (isBase64(c)) {
      base64++
      lastBase64 = i
      seen.add(c)
      i++
    } else {
      break
    }
  }
  return { base64, distinct: seen.size, stop: i, lastBase64 }
}

function skipHeaderLines(text: string, from: number, to: number): number {
  let i = from
  for (;;) {
    while (i < to && isLineBreak(text, i)) i += text.charCodeAt(i) === 92 ? 2 : 1
    let j = i
    while (j < to && j - i < 200 && !isLineBreak(text, j) && text.charCodeAt(j) !== 58) j++
    if (j >= to || text.charCodeAt(j) !== 58) return i
    while (j < to && j - i < 400 && !isLineBreak(text, j)) j++
    i = j
  }
}

function isLineBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  return c === 10 || c === 13 || (c === 92 && isEscapeLetter(text.charCodeAt(i + 1)))
}

/** `"` `'` `` ` `` `,` `>`: quotes, array commas and quoting around a key's lines. */
function isJoiner(c: number): boolean {
  return c === 34 || c === 39 || c === 96 || c === 44 || c === 62
}

function isEscapeLetter(c: number): boolean {
  return c === 110 || c === 114 || c === 116
}

function isBase64(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61
  )
}

function isKeyBody(body: Body, minChars: number): boolean {
  return body.base64 >= minChars && body.distinct >= MIN_DISTINCT
}

/**
 * `text.indexOf('-----BEGIN ', from)`, searching for `BEGIN ` and checking the dashes: a search
 * for the literal stops at every `-` of the text.
 */
function indexOfBegin(text: string, from: number): number {
  const dashes = DASHES.length
  for (let b = text.indexOf('BEGIN ', from + dashes); b !== -1; b = text.indexOf('BEGIN ', b + 1)) {
    if (text.startsWith(DASHES, b - dashes)) return b - dashes
  }
  return -1
}
