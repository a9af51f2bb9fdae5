/** The admin's session cookie: the token from `createSession`, httpOnly, SameSite=Lax. */
export const SESSION_COOKIE = 'tl_session'

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get('cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === SESSION_COOKIE) {
      const value = rest.join('=')
      return /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : null
    }
  }
  return null
}

/**
 * Secure when the browser's request was https: directly, or behind a TLS proxy when
 * TOKENLEDGER_TRUST_PROXY is on (server.ts then builds the request URL from X-Forwarded-Proto).
 */
export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
    ...(isHttps(request) ? ['Secure'] : []),
  ].join('; ')
}

export function clearedSessionCookie(request: Request): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    ...(isHttps(request) ? ['Secure'] : []),
  ].join('; ')
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:'
}
