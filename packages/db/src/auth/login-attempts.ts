import type { Knex } from 'knex'
import type { Db } from '../knex'
import { ACCOUNT_RULE, IP_RULE, retryAfterMs, type ThrottleRule } from './login-throttle'
import { authenticateUser, type PasswordVerifier, type SessionUser } from './sessions'

export interface LoginAttempt {
  email: string
  password: string
  /** The client's address (see `clientIp`); null when unknown, then only the account limit applies. */
  ip: string | null
  now?: Date
}

export type LoginResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'INVALID_CREDENTIALS' }
  | { ok: false; reason: 'TOO_MANY_ATTEMPTS'; retryAfterSeconds: number; scope: 'account' | 'ip' }

export interface LoginOptions {
  verify?: PasswordVerifier
  accountRule?: ThrottleRule
  ipRule?: ThrottleRule
}

/** Rows older than this are deleted as new attempts come in: longer than any rule's window. */
const KEEP_MS = 24 * 60 * 60_000

/**
 * The one sign-in used by the api's `auth.login` and the admin's /login: refuses while the account
 * or the client IP is throttled (without checking the password), otherwise records the attempt as a
 * failure, checks the password, and marks it a success when it matches — which clears the
 * account's failures. The attempt is recorded before the check, under a per-account and per-IP
 * advisory lock, so concurrent guesses cannot all slip past the count.
 */
export async function attemptLogin(
  db: Db,
  attempt: LoginAttempt,
  options: LoginOptions = {},
): Promise<LoginResult> {
  const now = attempt.now ?? new Date()
  const account = accountKey(attempt.email)
  const ip = attempt.ip && !attempt.ip.includes('\0') ? attempt.ip.slice(0, 100) : null
  if (account.includes('\0') || account.length > 320) {
    await authenticateUser(db, '\0', attempt.password, options.verify) // same cost as any other answer
    return { ok: false, reason: 'INVALID_CREDENTIALS' }
  }
  const accountRule = options.accountRule ?? ACCOUNT_RULE
  const ipRule = options.ipRule ?? IP_RULE

  const reserved = await db.transaction(async (trx) => {
    // Lock order is always account then IP, so two attempts never wait on each other in a cycle.
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`login:account:${account}`])
    if (ip) await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`login:ip:${ip}`])
    const accountWait = await waitFor(trx, accountRule, now, 'account', account, true)
    const ipWait = ip ? await waitFor(trx, ipRule, now, 'ip', ip, false) : 0
    if (accountWait > 0 || ipWait > 0) {
      return {
        throttled: true as const,
        waitMs: Math.max(accountWait, ipWait),
        scope: accountWait >= ipWait ? ('account' as const) : ('ip' as const),
      }
    }
    const [row] = await trx('login_attempts').insert({ account, ip, attempted_at: now }).returning('id')
    return { throttled: false as const, id: row.id as number }
  })
  // Outside the locked transaction: concurrent sign-ins must not queue behind each other's cleanup.
  await db('login_attempts')
    .where('attempted_at', '<', new Date(now.getTime() - KEEP_MS))
    .delete()
  if (reserved.throttled) {
    return {
      ok: false,
      reason: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: Math.ceil(reserved.waitMs / 1000),
      scope: reserved.scope,
    }
  }

  const user = await authenticateUser(db, attempt.email, attempt.password, options.verify)
  if (!user) return { ok: false, reason: 'INVALID_CREDENTIALS' }
  await db('login_attempts').where({ id: reserved.id }).update({ succeeded: true })
  return { ok: true, user }
}

/** The account an attempt counts against: the email as typed, trimmed and lower-cased. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase()
}

/** The user-facing refusal, the same words in the api and the admin. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  return `Too many sign-in attempts: retry after ${retryAfterSeconds} s.`
}

async function waitFor(
  trx: Knex.Transaction,
  rule: ThrottleRule,
  now: Date,
  column: 'account' | 'ip',
  value: string,
  resetBySuccess: boolean,
): Promise<number> {
  const since = new Date(now.getTime() - rule.windowMs)
  // An account's failures count from its latest success on; an IP's are not reset by a success
  // (an attacker could otherwise sign in to an account of their own between guesses).
  const { rows } = await trx.raw(
    `select count(*)::int as failures, max(attempted_at) as last
       from login_attempts
      where ${column} = ? and not succeeded and attempted_at > ?
        ${
          resetBySuccess
            ? `and attempted_at > coalesce(
                 (select max(attempted_at) from login_attempts where ${column} = ? and succeeded), '-infinity')`
            : ''
        }`,
    resetBySuccess ? [value, since, value] : [value, since],
  )
  const { failures, last } = rows[0] as { failures: number; last: Date | null }
  return retryAfterMs(rule, failures, last, now)
}
