import { randomUUID } from 'node:crypto'
import { hashPassword, verifyPassword } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { attemptLogin } from './login-attempts'
import type { ThrottleRule } from './login-throttle'
import type { PasswordVerifier } from './sessions'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

async function newUser(password: string): Promise<string> {
  const email = `login-${randomUUID()}@example.test`
  await db('users').insert({ email, name: 'Login Test', password_hash: await hashPassword(password) })
  return email
}

/** A verifier that counts its calls and remembers which hashes it was given. */
function countingVerifier() {
  const seen: string[] = []
  const verify: PasswordVerifier = (password, stored) => {
    seen.push(stored)
    return verifyPassword(password, stored)
  }
  return { verify, seen }
}

const t0 = new Date('2026-03-01T12:00:00Z')
const later = (ms: number) => new Date(t0.getTime() + ms)
let ipCounter = 0
const freshIp = () => `198.51.100.${++ipCounter}`

describe('attemptLogin', () => {
  it('signs in with the right password and refuses a wrong one', async () => {
    const email = await newUser('right')
    const ip = freshIp()
    expect(await attemptLogin(db, { email, password: 'wrong', ip, now: t0 })).toEqual({
      ok: false,
      reason: 'INVALID_CREDENTIALS',
    })
    const result = await attemptLogin(db, {
      email: ` ${email.toUpperCase()} `,
      password: 'right',
      ip,
      now: t0,
    })
    expect(result).toMatchObject({ ok: true, user: { email } })
  })

  it('after 40 wrong passwords, refuses the right one too, with a retry-after', async () => {
    const email = await newUser('right')
    const ip = freshIp()
    const { verify, seen } = countingVerifier()
    const reasons: string[] = []
    for (let i = 0; i < 40; i++) {
      const r = await attemptLogin(
        db,
        { email, password: `guess-${i}`, ip, now: later(i * 1000) },
        { verify },
      )
      if (!r.ok) reasons.push(r.reason)
    }
    expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(6) // 5 free + 1 after the first 30 s wait
    expect(seen).toHaveLength(6) // refused guesses never reach the password check
    const right = await attemptLogin(db, { email, password: 'right', ip, now: later(40_000) }, { verify })
    expect(right).toMatchObject({ ok: false, reason: 'TOO_MANY_ATTEMPTS', scope: 'account' })
    if (right.ok || right.reason !== 'TOO_MANY_ATTEMPTS') throw new Error('unreachable')
    // The 6th failure (at 34 s, when the first 30 s wait ended) doubled the wait to 60 s: until 94 s.
    expect(right.retryAfterSeconds).toBe(54)
    // From another IP too: the limit is on the account.
    expect(
      await attemptLogin(db, { email, password: 'right', ip: freshIp(), now: later(40_000) }),
    ).toMatchObject({
      reason: 'TOO_MANY_ATTEMPTS',
    })
    // Once the wait is over, the right password works and clears the account's failures.
    expect(await attemptLogin(db, { email, password: 'right', ip, now: later(95_000) })).toMatchObject({
      ok: true,
    })
    for (let i = 0; i < 5; i++) await attemptLogin(db, { email, password: 'nope', ip, now: later(96_000) })
    expect(await attemptLogin(db, { email, password: 'right', ip, now: later(96_000) })).toMatchObject({
      reason: 'TOO_MANY_ATTEMPTS',
    })
  })

  it('a success resets the account counter', async () => {
    const email = await newUser('right')
    const ip = freshIp()
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await attemptLogin(db, { email, password: 'wrong', ip, now: t0 })
      expect(await attemptLogin(db, { email, password: 'right', ip, now: t0 })).toMatchObject({ ok: true })
    }
  })

  it('counts concurrent guesses before checking them: 30 at once, only the free ones are checked', async () => {
    const email = await newUser('right')
    const { verify, seen } = countingVerifier()
    const ip = freshIp()
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attemptLogin(db, { email, password: `g${i}`, ip, now: t0 }, { verify }),
      ),
    )
    expect(seen).toHaveLength(5)
    expect(results.filter((r) => !r.ok && r.reason === 'TOO_MANY_ATTEMPTS')).toHaveLength(25)
  })

  it('limits one IP across many accounts', async () => {
    const ipRule: ThrottleRule = {
      freeFailures: 8,
      windowMs: 3_600_000,
      baseDelayMs: 10_000,
      maxDelayMs: 60_000,
    }
    const ip = freshIp()
    const results = []
    for (let i = 0; i < 10; i++) {
      results.push(
        await attemptLogin(db, { email: `nobody-${i}@x.test`, password: 'p', ip, now: t0 }, { ipRule }),
      )
    }
    expect(results.slice(0, 8).every((r) => !r.ok && r.reason === 'INVALID_CREDENTIALS')).toBe(true)
    expect(results[9]).toEqual({ ok: false, reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 10, scope: 'ip' })
    // Another IP is not affected.
    expect(
      await attemptLogin(db, { email: 'nobody-0@x.test', password: 'p', ip: freshIp(), now: t0 }, { ipRule }),
    ).toEqual({ ok: false, reason: 'INVALID_CREDENTIALS' })
  })

  it('checks unknown emails and users without a password against a dummy hash of the same cost', async () => {
    const known = await newUser('right')
    const passwordless = `nopw-${randomUUID()}@example.test`
    await db('users').insert({ email: passwordless, name: 'No Password' })
    const { verify, seen } = countingVerifier()
    for (const email of [known, `unknown-${randomUUID()}@example.test`, passwordless, 'nul\0@example.test']) {
      expect(
        await attemptLogin(db, { email, password: 'wrong', ip: freshIp(), now: t0 }, { verify }),
      ).toEqual({
        ok: false,
        reason: 'INVALID_CREDENTIALS',
      })
    }
    expect(seen).toHaveLength(4)
    const params = (hash: string) => hash.split('$').slice(0, 4).join('$')
    const known_hash = seen[0] as string
    for (const hash of seen) expect(params(hash)).toBe(params(known_hash))
    // The dummy hash is not the known user's.
    expect(seen[1]).not.toBe(known_hash)
  })

  it('forgets failures older than the window', async () => {
    const email = await newUser('right')
    const ip = freshIp()
    for (let i = 0; i < 10; i++) await attemptLogin(db, { email, password: 'wrong', ip, now: t0 })
    expect(await attemptLogin(db, { email, password: 'right', ip, now: later(61 * 60_000) })).toMatchObject({
      ok: true,
    })
  })
})
