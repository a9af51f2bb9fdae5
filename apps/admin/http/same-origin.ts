/**
 * CSRF defence for the admin: a request that may change something (any method but GET and HEAD:
 * Remix runs actions for all of them, whatever the request's form — document, `?_data=` or
 * `.data`) must come from the admin's own origin. A browser says where a request comes from in
 * `Origin` (sent on every cross-origin request and on same-origin POSTs) and `Sec-Fetch-Site`.
 *
 * A request carrying neither comes from something that is not a browser (curl, scripts, tests):
 * it is let through, since it cannot ride a signed-in user's cookie — every browser that sends
 * cookies on a cross-site form post sends `Origin` with it, and the session cookie is SameSite=Lax.
 */
export interface OriginCheck {
  method: string
  origin: string | undefined
  secFetchSite: string | undefined
  /** The origins the admin is served under: its own (from Host) and the configured public URL. */
  allowedOrigins: string[]
}

/** Why the request is refused, or null when it may go on. */
export function crossOriginRefusal(check: OriginCheck): string | null {
  const method = check.method.toUpperCase()
  if (method === 'GET' || method === 'HEAD') return null
  if (
    check.secFetchSite !== undefined &&
    check.secFetchSite !== 'same-origin' &&
    check.secFetchSite !== 'none'
  ) {
    return `the browser reports a ${check.secFetchSite} request (Sec-Fetch-Site)`
  }
  if (check.origin === undefined) return null
  const origin = normaliseOrigin(check.origin)
  const allowed = check.allowedOrigins.map(normaliseOrigin)
  if (!origin || !allowed.includes(origin)) {
    return `Origin ${JSON.stringify(check.origin)} is not the admin's (${allowed.filter(Boolean).join(', ')})`
  }
  return null
}

/** `scheme://host[:port]` as a browser serialises it (lower case, default port dropped); null if not one. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    return url.origin
  } catch {
    return null
  }
}
