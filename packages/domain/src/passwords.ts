import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/** Passwords are stored as `scrypt$N$r$p$salt$hash` (base64), compared in constant time. */
const N = 16384
const R = 8
const P = 1
const KEY_LENGTH = 32
/** Stored parameters needing more memory than this are refused: one check must not cost gigabytes. */
const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024

// Async on purpose: scryptSync takes ~50 ms of the event loop per call, so a burst of sign-ins
// would stall every other request of the server; the async form runs on libuv's thread pool.
function scryptAsync(
  password: string,
  salt: Buffer,
  length: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default cap (32 MB) is just enough for ours, leave room.
  const maxmem = 256 * params.N * params.r
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N, r: R, p: P })
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$')
}

/** False for a wrong password and for anything that is not a hash of ours (never throws for those). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash || rest.length) return false
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  if (!Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0)) return false
  if (128 * params.N * params.r > MAX_SCRYPT_MEMORY || params.p > 16) return false
  const expected = Buffer.from(hash, 'base64')
  if (expected.length < 16) return false
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, params).catch(
    () => null,
  )
  return actual !== null && timingSafeEqual(actual, expected)
}

/** A readable random password for generated credentials. */
export function generatePassword(length = 20): string {
  return randomBytes(length).toString('base64url').slice(0, length)
}
