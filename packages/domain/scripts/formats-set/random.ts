// Seeded randomness for the formats set: every generated secret is random, never a real key.

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const DIGITS = '0123456789'
export const ALNUM = UPPER + LOWER + DIGITS
export const B64 = `${ALNUM}+/`
export const B64URL = `${ALNUM}-_`
export const HEX = '0123456789abcdef'
export const BASE32 = `${UPPER}234567`

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chars(alphabet: string, length: number): string
}

/** mulberry32: small, fast and good enough to make test values; not for real secrets. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)] as T,
    chars: (alphabet, length) => {
      let s = ''
      for (let i = 0; i < length; i++) s += alphabet[int(0, alphabet.length - 1)]
      return s
    },
  }
}

/** The Luhn check digit that makes `body + digit` pass. */
export function luhnCheckDigit(body: string): string {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    // Doubling starts with the digit next to the (future) check digit.
    let d = Number(body[body.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

export function passesLuhn(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1)
}

/** A Luhn-valid number of `length` digits starting with `prefix`. */
export function luhnNumber(rng: Rng, prefix: string, length: number): string {
  const body = prefix + rng.chars(DIGITS, length - prefix.length - 1)
  return body + luhnCheckDigit(body)
}

/** A number of `length` digits starting with `prefix` that fails Luhn. */
export function luhnFailingNumber(rng: Rng, prefix: string, length: number): string {
  const valid = luhnNumber(rng, prefix, length)
  const wrong = (Number(valid.slice(-1)) + rng.int(1, 9)) % 10
  return valid.slice(0, -1) + String(wrong)
}

/** Splits digits into groups of the given sizes joined by `sep`. */
export function group(digits: string, sizes: readonly number[], sep: string): string {
  const parts: string[] = []
  let at = 0
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size))
    at += size
  }
  if (at < digits.length) parts.push(digits.slice(at))
  return parts.join(sep)
}

/** Full-width forms (U+FF10…) of ASCII digits, as Japanese and Chinese IMEs type them. */
export function fullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
}
