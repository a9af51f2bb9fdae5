// Decoders for the escapes values hide behind: JSON/JS string escapes, percent-encoding and HTML
// character references. Each reads one escape (or run) at a position, writes what it decodes to
// into the view and returns where scanning resumes; what does not decode is left as it is.

import { foldCodePoint } from './fold-unicode'
import type { ViewSink } from './view-sink'

// What the simple escapes other than `\/` decode to: never part of a value, so decoding them
// cannot join anything the raw text kept apart.
const SEPARATING = '\n\t\r\b\f"\'\\'

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '/': '/',
}

/** A run of backslashes at `at`: one escape when an escape letter follows, else one backslash. */
export function decodeBackslashes(text: string, at: number, out: ViewSink): number {
  let i = at
  while (text.charCodeAt(i) === 92) i++
  const letter = text[i] ?? ''
  const simple = SIMPLE_ESCAPES[letter]
  if (simple !== undefined) {
    out.replace(at, i + 1, simple, letter === '/')
    return i + 1
  }
  const digits = letter === 'u' ? 4 : letter === 'x' ? 2 : 0
  const decoded = digits > 0 ? hexDigits(text, i + 1, digits) : -1
  if (decoded !== -1) {
    const char = decoded < 128 ? String.fromCharCode(decoded) : foldCodePoint(decoded)
    out.replace(at, i + 1 + digits, char, !SEPARATING.includes(char) || char === '')
    return i + 1 + digits
  }
  // `\\` decodes to `\` at every level of escaping; a lone `\` before anything else stays.
  if (i - at > 1) out.replace(at, i, '\\', false)
  return i
}

function hexDigits(text: string, i: number, count: number): number {
  let value = 0
  for (let k = i; k < i + count; k++) {
    const digit = hexValue(text.charCodeAt(k))
    if (digit === -1) return -1
    value = value * 16 + digit
  }
  return value
}

function hexByte(text: string, i: number): number {
  if (text.charCodeAt(i) !== 37) return -1
  const hi = hexValue(text.charCodeAt(i + 1))
  const lo = hexValue(text.charCodeAt(i + 2))
  return hi === -1 || lo === -1 ? -1 : hi * 16 + lo
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 65 && c <= 70) return c - 55
  if (c >= 97 && c <= 102) return c - 87
  return -1
}

/**
 * `%XX` at `at`. `%25` followed by two hex digits is a doubly encoded `%` and is decoded again;
 * a byte ≥ 0x80 starts a UTF-8 sequence of `%XX` bytes. Anything that does not decode stays.
 */
export function decodePercent(text: string, at: number, out: ViewSink): number {
  let byte = hexByte(text, at)
  if (byte === -1) return at + 1
  let i = at + 3
  while (byte === 0x25 && hexValue(text.charCodeAt(i)) !== -1 && hexValue(text.charCodeAt(i + 1)) !== -1) {
    byte = hexValue(text.charCodeAt(i)) * 16 + hexValue(text.charCodeAt(i + 1))
    i += 2
  }
  if (byte < 0x80) {
    out.replace(at, i, String.fromCharCode(byte), true)
    return i
  }
  const extra = byte >= 0xf0 && byte <= 0xf4 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc2 && byte <= 0xdf ? 1 : 0
  if (extra === 0 || byte > 0xf4) return i
  let cp = byte & (0x3f >> extra)
  for (let k = 0; k < extra; k++) {
    const cont = hexByte(text, i + 3 * k)
    if (cont < 0x80 || cont > 0xbf) return i
    cp = cp * 64 + (cont & 0x3f)
  }
  const minimum = extra === 1 ? 0x80 : extra === 2 ? 0x800 : 0x10000
  if (cp < minimum || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
  out.replace(at, i + 3 * extra, foldCodePoint(cp), true)
  return i + 3 * extra
}

// Named HTML entities for the characters detectors look at; others are left as they are.
const NAMED_ENTITIES = new Map(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
    commat: '@',
    period: '.',
    colon: ':',
    plus: '+',
    lowbar: '_',
    hyphen: '-',
    dash: '-',
    ndash: '-',
    mdash: '-',
    sol: '/',
    num: '#',
  }),
)
const MAX_ENTITY = 12

/** HTML character references: `&#64;`, `&#x40;`, `&commat;` (the `;` is required). */
export function decodeEntity(text: string, at: number, out: ViewSink): number {
  const semicolon = text.slice(at + 1, at + 2 + MAX_ENTITY).indexOf(';')
  if (semicolon < 1) return at + 1
  const name = text.slice(at + 1, at + 1 + semicolon)
  const end = at + 2 + semicolon
  let char: string | undefined
  if (name[0] === '#') {
    const hex = name[1] === 'x' || name[1] === 'X'
    const digits = name.slice(hex ? 2 : 1)
    if (digits.length === 0 || !(hex ? /^[0-9A-Fa-f]+$/ : /^\d+$/).test(digits)) return at + 1
    const cp = Number.parseInt(digits, hex ? 16 : 10)
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return at + 1
    char = cp < 128 ? String.fromCharCode(cp) : foldCodePoint(cp)
  } else {
    char = NAMED_ENTITIES.get(name)
    if (char === undefined) return at + 1
  }
  out.replace(at, end, char, true)
  return end
}
