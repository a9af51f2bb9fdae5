// Occurrences per ASCII code unit, shared by every call: the validators run once per candidate, and
// a fresh 128-entry array each time was most of their cost. Every function leaves it zeroed.
const ASCII_COUNTS = new Int32Array(128)

/** Counts `s` into ASCII_COUNTS; code units from 128 up go to the returned map (null if none). */
function countUnits(s: string): Map<number, number> | null {
  let other: Map<number, number> | null = null
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 128) ASCII_COUNTS[c] = (ASCII_COUNTS[c] as number) + 1
    else {
      other ??= new Map()
      other.set(c, (other.get(c) ?? 0) + 1)
    }
  }
  return other
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0
  const other = countUnits(s)
  const terms = s.length <= MAX_TABLED_LENGTH ? termsFor(s.length) : null
  let bits = 0
  // Summed in code-unit order, then the non-ASCII units in order of appearance.
  for (let c = 0; c < 128; c++) {
    const n = ASCII_COUNTS[c] as number
    if (n === 0) continue
    ASCII_COUNTS[c] = 0
    bits -= terms !== null ? term(terms, n, s.length) : plogp(n, s.length)
  }
  if (other) for (const n of other.values()) bits -= plogp(n, s.length)
  return bits
}

const plogp = (n: number, length: number): number => (n / length) * Math.log2(n / length)

// `plogp(n, length)` by length, filled as needed: the validators ask for the entropy of values of a
// few lengths over and over, and the logarithms were most of the cost. The same expression fills
// the table, so results are bit-for-bit those of computing each term. NaN marks "not yet".
const MAX_TABLED_LENGTH = 256
const TERMS: Array<Float64Array | undefined> = []

function termsFor(length: number): Float64Array {
  let terms = TERMS[length]
  if (terms === undefined) {
    terms = new Float64Array(length + 1).fill(Number.NaN)
    TERMS[length] = terms
  }
  return terms
}

function term(terms: Float64Array, n: number, length: number): number {
  const t = terms[n] as number
  if (!Number.isNaN(t)) return t
  const computed = plogp(n, length)
  terms[n] = computed
  return computed
}

export function distinctCharacters(s: string): number {
  const other = countUnits(s)
  let distinct = other?.size ?? 0
  for (let c = 0; c < 128; c++) {
    if ((ASCII_COUNTS[c] as number) === 0) continue
    ASCII_COUNTS[c] = 0
    distinct++
  }
  return distinct
}

/** How many of lower case, upper case, digits and other characters occur. */
export function characterClasses(s: string): number {
  let lower = 0
  let upper = 0
  let digit = 0
  let other = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) lower = 1
    else if (c >= 65 && c <= 90) upper = 1
    else if (c >= 48 && c <= 57) digit = 1
    else other = 1
    // All four seen (a random token shows them within a few characters): the rest cannot add one.
    if (lower + upper + digit + other === 4) break
  }
  return lower + upper + digit + other
}

/**
 * `characterClasses` of the ASCII letters and digits of `s` alone (what it gives for
 * `s.replace(/[^A-Za-z0-9]/g, '')`), without building that string.
 */
export function alnumCharacterClasses(s: string): number {
  let lower = 0
  let upper = 0
  let digit = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) lower = 1
    else if (c >= 65 && c <= 90) upper = 1
    else if (c >= 48 && c <= 57) digit = 1
    if (lower + upper + digit === 3) break
  }
  return lower + upper + digit
}

// Words that mark a documented or template value rather than a live one.
const PLACEHOLDER_WORDS = [
  'example',
  'placeholder',
  'your',
  'changeme',
  'change_me',
  'dummy',
  'fake',
  'sample',
  'redacted',
  'replace',
  'insert',
  'xxxx',
  '****',
  '....',
]

// The words in one case-insensitive scan. For ASCII this is what `toLowerCase()` then `includes`
// finds; the one character that lower-cases into a word's ASCII letter and that `/i` does not
// fold is the Kelvin sign (K → k, in `fake`), so text holding it takes the plain path.
// Grouped by first character (`re(?:dacted|place)|…`), which the engine rejects positions on
// faster: about 11% less time per value than the flat list.
const PLACEHOLDER_WORD = new RegExp(groupedByFirst(PLACEHOLDER_WORDS), 'i')

function groupedByFirst(words: readonly string[]): string {
  const escapeWord = (w: string) => w.replace(/[.*]/g, '\\$&')
  const byFirst = new Map<string, string[]>()
  for (const w of words) byFirst.set(w[0] as string, [...(byFirst.get(w[0] as string) ?? []), w.slice(1)])
  return [...byFirst]
    .map(([first, rests]) => `${escapeWord(first)}(?:${rests.map(escapeWord).join('|')})`)
    .join('|')
}

const KELVIN_SIGN = '\u212a'

function hasPlaceholderWord(value: string): boolean {
  if (value.includes(KELVIN_SIGN)) {
    const lower = value.toLowerCase()
    return PLACEHOLDER_WORDS.some((w) => lower.includes(w))
  }
  return PLACEHOLDER_WORD.test(value)
}

/**
 * A key-shaped value that is not a secret: a documented example, a template, or too repetitive to
 * be random (`ghp_xxxx…`, `AKIAZZZZ…`). Random tokens essentially never repeat one character six
 * times in a row.
 */
export function looksLikePlaceholder(value: string): boolean {
  if (hasPlaceholderWord(value)) return true
  if (hasRunOfSix(value)) return true
  return !hasDistinctCharacters(value, Math.min(10, Math.ceil(value.length / 3)))
}

// Per ASCII code unit, the call that last saw it: a fresh stamp per call stands for a cleared table.
const SEEN = new Int32Array(128)
let stamp = 0

/**
 * Whether `value` holds at least `wanted` distinct code units (`distinctCharacters(value) >= wanted`),
 * stopping as soon as it does: a random token gets there within its first dozen characters.
 */
function hasDistinctCharacters(value: string, wanted: number): boolean {
  if (wanted <= 0) return true
  stamp = stamp === 0x7fffffff ? 1 : stamp + 1
  if (stamp === 1) SEEN.fill(0)
  let other: Set<number> | null = null
  let distinct = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 128) {
      if (SEEN[c] === stamp) continue
      SEEN[c] = stamp
    } else {
      other ??= new Set()
      if (other.has(c)) continue
      other.add(c)
    }
    if (++distinct >= wanted) return true
  }
  return false
}

/**
 * Whether one character occurs six times in a row (`/(.)\1{5}/`: line terminators excepted). Any
 * six consecutive positions hold one multiple of six, so only those are probed and the run around
 * each is measured: a random token is read about three characters in six, not every one twice.
 */
function hasRunOfSix(value: string): boolean {
  const n = value.length
  for (let q = 0; q < n; q += 6) {
    const c = value.charCodeAt(q)
    let from = q
    while (from > 0 && q - from < 5 && value.charCodeAt(from - 1) === c) from--
    let to = q + 1
    while (to < n && to - from < 6 && value.charCodeAt(to) === c) to++
    if (to - from >= 6 && c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029) return true
  }
  return false
}
