import { type AppLoadContext, createCookie, createSessionStorage, type SessionStorage } from '@remix-run/node'
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_TTL_MS,
  type SessionUser,
} from '@tokenledger/db'

/** The admin's session cookie name. */
export const SESSION_COOKIE = 'tl_session'

/**
 * The cookie holds only the session's id: 32 random bytes whose hash is a row of `sessions`, so the
 * id itself is the secret and there is nothing a signature would add (Remix says once per process
 * that the cookie is not signed). Secure is decided per request (see `cookieOptions`).
 */
const sessionCookie = createCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' })

// The ids createSession makes (base64url of 32 bytes); anything else never reaches the database.
const SESSION_ID = /^[A-Za-z0-9_-]{20,200}$/

interface SessionData {
  user: SessionUser
}

/**
 * Remix's session storage over the `sessions` table. The data is the signed-in user, read anew on
 * every request (a demoted admin loses access at once); rows never change after sign-in, so there
 * is nothing to update, and a session lasts SESSION_TTL_MS from sign-in on the injected clock.
 */
function sessionStorage(context: AppLoadContext): SessionStorage<SessionData> {
  return createSessionStorage<SessionData>({
    cookie: sessionCookie,
    async createData(data) {
      if (!data.user) throw new Error('a session is created for a signed-in user')
      return (await createSession(context.db, data.user.id, context.now())).token
    },
    async readData(id) {
      if (!SESSION_ID.test(id)) return null
      const user = await findSessionUser(context.db, id, context.now())
      return user ? { user } : null
    },
    async updateData() {},
    async deleteData(id) {
      if (SESSION_ID.test(id)) await deleteSession(context.db, id)
    },
  })
}

/**
 * Secure when the browser's request was https: directly, or behind a TLS proxy when
 * TOKENLEDGER_TRUST_PROXY is on (server.ts then builds the request URL from X-Forwarded-Proto).
 */
function cookieOptions(request: Request) {
  return { secure: new URL(request.url).protocol === 'https:' }
}

/** The signed-in user of the request's session cookie, or null. */
export async function readSessionUser(
  request: Request,
  context: AppLoadContext,
): Promise<SessionUser | null> {
  const session = await sessionStorage(context).getSession(request.headers.get('cookie'))
  return session.get('user') ?? null
}

/** Starts a session for `user`: the Set-Cookie header that carries it. */
export async function startSession(
  request: Request,
  context: AppLoadContext,
  user: SessionUser,
): Promise<string> {
  const storage = sessionStorage(context)
  const session = await storage.getSession()
  session.set('user', user)
  return storage.commitSession(session, { ...cookieOptions(request), maxAge: SESSION_TTL_MS / 1000 })
}

/** Ends the request's session, if any: the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request, context: AppLoadContext): Promise<string> {
  const storage = sessionStorage(context)
  const session = await storage.getSession(request.headers.get('cookie'))
  return storage.destroySession(session, cookieOptions(request))
}
