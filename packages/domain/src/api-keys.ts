import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Organization API keys look like `tl_<prefix>_<secret>`. The prefix is stored in clear to find the
 * row; only a SHA-256 of the whole key is stored, compared in constant time. Keys carry 190+ bits
 * of entropy, so a fast hash is enough (no password stretching needed).
 */
const PREFIX_LENGTH = 12
const SECRET_LENGTH = 32
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const KEY_PATTERN = new RegExp(`^tl_([a-z0-9]{${PREFIX_LENGTH}})_([A-Za-z0-9]{${SECRET_LENGTH}})$`)

export interface NewApiKey {
  key: string
  prefix: string
  hash: string
}

export function generateApiKey(): NewApiKey {
  const prefix = randomString(PREFIX_LENGTH, ALPHABET.slice(0, 26) + ALPHABET.slice(52))
  const key = `tl_${prefix}_${randomString(SECRET_LENGTH, ALPHABET)}`
  return { key, prefix, hash: hashApiKey(key) }
}

/** The lookup prefix of a well-formed key, or null. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(key), 'hex')
  const expected = Buffer.from(storedHash, 'hex')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

function randomString(length: number, alphabet: string): string {
  // Rejection sampling keeps every character uniformly likely.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}
