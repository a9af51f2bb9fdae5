import { createHash, randomBytes } from 'node:crypto'
import { hashPassword, verifyPassword } from '@tokenledger/domain'
import type { Db } from '../knex'
import { Session } from '../models/session'
import { User } from '../models/user'

export const SESSION_TTL_MS = 12 * 60 * 60_000

export interface SessionUser {
  id: number
  email: string
  name: string
  isSuperAdmin: boolean
}

export type PasswordVerifier = (password: string, stored: string) => Promise<boolean>

/**
 * Email + password check; null for an unknown email or a wrong password alike. Unknown emails and
 * users without a password are checked against a dummy hash of the same cost, so the answer takes
 * as long either way and does not tell which emails have accounts. No rate limit here: sign-ins go
 * through `attemptLogin`.
 */
export async function authenticateUser(
  db: Db,
  email: string,
  password: string,
  verify: PasswordVerifier = verifyPassword,
): Promise<SessionUser | null> {
  // Postgres text cannot hold NUL: such an email matches no one (and must not become a 500).
  const row = email.includes('\0')
    ? undefined
    : await User.query(db)
        .whereRaw('lower(email) = lower(?)', [email.trim()])
        .whereNull('organization_id') // an app's users (external ids) never sign in
        .first()
  const stored: string | null = row?.password_hash ?? null
  const matches = await verify(password, stored ?? (await dummyHash()))
  if (!row || !stored || !matches) return null
  return sessionUser(row)
}

/** An account's fields; the database guarantees accounts (organization_id null) have both. */
function sessionUser(row: Pick<User, 'id' | 'email' | 'name' | 'is_super_admin'>): SessionUser {
  if (row.email == null || row.name == null)
    throw new Error(`user ${row.id} is an app's user, not an account`)
  return { id: row.id, email: row.email, name: row.name, isSuperAdmin: row.is_super_admin }
}

let dummy: Promise<string> | undefined
/** A hash of a random password, made once per process with the same parameters as real ones. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'))
  return dummy
}

/** Starts a session and returns its token; only the token's hash is stored. */
export async function createSession(
  db: Db,
  userId: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await Session.query(db).insert({
    user_id: userId,
    token_hash: hashToken(token),
    created_at: now,
    expires_at: expiresAt,
  })
  return { token, expiresAt }
}

/** The signed-in user of a live session, or null. */
export async function findSessionUser(
  db: Db,
  token: string | null | undefined,
  now = new Date(),
): Promise<SessionUser | null> {
  if (!token) return null
  const row = await User.query(db)
    .join('sessions', 'sessions.user_id', 'users.id')
    .where('sessions.token_hash', hashToken(token))
    .where('sessions.expires_at', '>', now)
    .select('users.id', 'users.email', 'users.name', 'users.is_super_admin')
    .first()
  return row ? sessionUser(row) : null
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await Session.query(db)
    .where({ token_hash: hashToken(token) })
    .delete()
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
