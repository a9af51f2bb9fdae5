/** Occurrences per UTF-16 code unit; a typed array for ASCII keeps this off the hot path's heap. */
function countUnits(s: string): { ascii: Int32Array; other: Map<number, number> | null } {
  const ascii = new Int32Array(128)
  let other: Map<number, number> | null = null
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 128) ascii[c] = (ascii[c] as number) + 1
    else {
      other ??= new Map()
      other.set(c, (other.get(c) ?? 0) + 1)
    }
  }
  return { ascii, other }
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0
  const { ascii, other } = countUnits(s)
  const counts = other ? [...ascii, ...other.values()] : ascii
  let bits = 0
  for (const n of counts) {
    if (n === 0) continue
    const p = n / s.length
    bits -= p * Math.log2(p)
  }
  return bits
}

export function distinctCharacters(s: string): number {
  const { ascii, other } = countUnits(s)
  let distinct = other?.size ?? 0
  for (let c = 0; c < 128; c++) if ((ascii[c] as number) > 0) distinct++
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
  }
  return lower + upper + digit + other
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

/**
 * A key-shaped value that is not a secret: a documented example, a template, or too repetitive to
 * be random (`ghp_xxxx…`, `AKIAZZZZ…`). Random tokens essentially never repeat one character six
 * times in a row.
 */
export function looksLikePlaceholder(value: string): boolean {
  const lower = value.toLowerCase()
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return true
  if (/(.)\1{5}/.test(value)) return true
  return distinctCharacters(value) < Math.min(10, Math.ceil(value.length / 3))
}
