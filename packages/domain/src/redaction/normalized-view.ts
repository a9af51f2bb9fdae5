// A decoded copy of a text for the detectors to read, with a map back to the original. Values
// reach prompts JSON-escaped (tool calls), percent-encoded (URLs), in full-width or with odd
// separators and invisible characters; detectors match plain ASCII shapes, so they read this view
// and every finding is mapped back to the original characters it came from.

import { codeAt, isWordChar } from './chars'

export interface NormalizedView {
  /** The text with escapes decoded and Unicode variants folded; `text` itself when nothing changed. */
  view: string
  /** True when `view` is the original text (no map is built). */
  identity: boolean
  /**
   * Whether decoding may have joined what the raw text keeps apart (a zero-width space removed
   * between two numbers) or split a raw value (`%20`), so that the raw text can hold a match the
   * view lacks. False when every change only turned an escape into the whitespace, quote or
   * backslash it stands for, or folded a space or dash between non-word characters.
   */
  rawScanNeeded: boolean
  /** The original span that view span [start, end) was decoded from, escapes included whole. */
  toOriginal(start: number, end: number): [number, number]
}

// Only these can start something to decode; text without any of them is returned as is.
const NEEDS_WORK = /[\\%&\u0080-\uffff]/g

/**
 * Decodes, in one left-to-right pass:
 * - JSON/JS string escapes `\n \t \r \b \f \" \' \/ \uXXXX`, also multiply escaped (`\\n`, `\\\"`):
 *   a run of backslashes followed by an escape letter is one escape;
 * - `\xHH` escapes, percent-encoding (`%40`, double `%2540`, UTF-8 sequences such as `%C2%A0`) and
 *   HTML character references (`&#64;`, `&#x40;`, `&commat;`);
 * - Unicode: zero-width and format characters removed, space variants to a space, dash variants to
 *   `-`, full-width ASCII to ASCII, digits of other scripts to ASCII digits, anything else
 *   NFKC-normalised per character.
 * Linear: every character is looked at a bounded number of times, runs included.
 */
export function normalizeForDetection(text: string): NormalizedView {
  NEEDS_WORK.lastIndex = 0
  if (!NEEDS_WORK.test(text)) return identityView(text)
  const out = new ViewBuilder(text)
  let i = NEEDS_WORK.lastIndex - 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    const next =
      c === 92
        ? decodeBackslashes(text, i, out)
        : c === 37
          ? decodePercent(text, i, out)
          : c === 38
            ? decodeEntity(text, i, out)
            : foldRun(text, i, out)
    // Dense escapes follow each other directly; the regex only jumps over plain stretches.
    if (isSpecial(text.charCodeAt(next))) {
      i = next
      continue
    }
    NEEDS_WORK.lastIndex = next
    if (!NEEDS_WORK.test(text)) break
    i = NEEDS_WORK.lastIndex - 1
  }
  return out.finish()
}

function isSpecial(c: number): boolean {
  return c === 92 || c === 37 || c === 38 || c >= 128
}

function identityView(text: string): NormalizedView {
  return { view: text, identity: true, rawScanNeeded: false, toOriginal: (start, end) => [start, end] }
}

/**
 * Builds the view lazily: nothing is allocated until the first replacement, so text whose special
 * characters all stay as they are (`50%`, accented letters) costs one scan.
 */
class ViewBuilder {
  private parts: string[] = []
  private from: Int32Array | null = null
  private to: Int32Array | null = null
  private length = 0
  /** Original index up to which the view has been built. */
  private done = 0
  private joins = false

  constructor(private readonly text: string) {}

  /**
   * View characters `replacement` stand for original [start, end); `joins` says whether the change
   * can join or split values (see `rawScanNeeded`).
   */
  replace(start: number, end: number, replacement: string, joins: boolean): void {
    this.joins ||= joins
    this.keep(start)
    this.reserve(replacement.length)
    const from = this.from as Int32Array
    const to = this.to as Int32Array
    for (let k = 0; k < replacement.length; k++) {
      from[this.length] = start
      to[this.length] = end
      this.length++
    }
    if (replacement.length > 0) this.parts.push(replacement)
    this.done = end
  }

  /** Copies the original unchanged up to `upTo`. */
  private keep(upTo: number): void {
    const n = upTo - this.done
    this.reserve(n)
    if (n <= 0) return
    const from = this.from as Int32Array
    const to = this.to as Int32Array
    for (let k = this.done; k < upTo; k++) {
      from[this.length] = k
      to[this.length] = k + 1
      this.length++
    }
    this.parts.push(this.text.slice(this.done, upTo))
    this.done = upTo
  }

  private reserve(extra: number): void {
    const need = this.length + Math.max(0, extra)
    if (this.from !== null && need <= this.from.length) return
    const size = Math.max(need, this.from === null ? this.text.length + 16 : this.from.length * 2)
    const from = new Int32Array(size)
    const to = new Int32Array(size)
    if (this.from !== null && this.to !== null) {
      from.set(this.from.subarray(0, this.length))
      to.set(this.to.subarray(0, this.length))
    }
    this.from = from
    this.to = to
  }

  finish(): NormalizedView {
    if (this.from === null) return identityView(this.text)
    this.keep(this.text.length)
    const from = this.from as Int32Array
    const to = this.to as Int32Array
    const length = this.length
    const textLength = this.text.length
    return {
      view: this.parts.join(''),
      identity: false,
      rawScanNeeded: this.joins,
      toOriginal(start, end) {
        const s = start < length ? (from[start] as number) : textLength
        if (end <= start) return [s, s]
        return [s, to[Math.min(end, length) - 1] as number]
      },
    }
  }
}

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
function decodeBackslashes(text: string, at: number, out: ViewBuilder): number {
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
function decodePercent(text: string, at: number, out: ViewBuilder): number {
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
function decodeEntity(text: string, at: number, out: ViewBuilder): number {
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

/**
 * Folds a code point that needs no NFKC table, or returns null: invisible characters vanish, space
 * and dash variants become ASCII, full-width ASCII becomes ASCII.
 */
function quickFold(cp: number): string | null {
  if (cp === 0xad || cp === 0x180e || cp === 0xfeff) return ''
  if (cp >= 0x200b && cp <= 0x200f) return ''
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069))
    return ''
  if (
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  )
    return ' '
  if (cp === 0x2028 || cp === 0x2029) return '\n'
  if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63 || cp === 0xff0d)
    return '-'
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0)
  return null
}

// Decimal digits of any script (`٤١١١`, `४१११`): NFKC keeps them, detectors read ASCII digits.
const DECIMAL_DIGIT = /\p{Nd}/u

/** Unicode lays out every script's digits 0-9 in order, in blocks of ten (a few blocks abut). */
function digitValue(cp: number): number {
  let zero = cp
  while (cp - zero < 50 && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--
  return (cp - zero) % 10
}

// NFKC per character is slow (a native call and allocations); texts repeat the same few characters.
const FOLDED = new Map<number, string>()
const MAX_FOLDED = 4096

/** The detection form of one code point: quick folds, else NFKC with its result folded again. */
function foldCodePoint(cp: number): string {
  const quick = quickFold(cp)
  if (quick !== null) return quick
  const known = FOLDED.get(cp)
  if (known !== undefined) return known
  let folded = ''
  for (const c of String.fromCodePoint(cp).normalize('NFKC')) {
    const unit = c.codePointAt(0) as number
    folded += quickFold(unit) ?? (DECIMAL_DIGIT.test(c) ? String(digitValue(unit)) : c)
  }
  if (FOLDED.size >= MAX_FOLDED) FOLDED.clear()
  FOLDED.set(cp, folded)
  return folded
}

/**
 * A run of non-ASCII characters at `at`. Most runs (accented words, CJK text) are stable under
 * NFKC and are kept with one native check; only characters that change are replaced.
 */
function foldRun(text: string, at: number, out: ViewBuilder): number {
  let end = at
  while (end < text.length && text.charCodeAt(end) >= 128) end++
  let quick = false
  for (let i = at; i < end; i++) {
    if (quickFold(text.charCodeAt(i)) !== null) {
      quick = true
      break
    }
  }
  const run = text.slice(at, end)
  if (!quick && !DECIMAL_DIGIT.test(run) && run.normalize('NFKC') === run) return end
  for (let i = at; i < end; ) {
    const cp = text.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const folded = foldCodePoint(cp)
    if (folded !== text.slice(i, i + width)) {
      // A space or dash only joins or splits where it touches a word: ` – ` in prose does neither.
      const separator = folded === ' ' || folded === '-' || folded === '\n'
      const touchesWord = isWordChar(codeAt(text, i - 1)) || isWordChar(codeAt(text, i + width))
      out.replace(i, i + width, folded, !separator || touchesWord)
    }
    i += width
  }
  return end
}
