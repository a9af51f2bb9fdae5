import { type AppLoadContext, redirect } from '@remix-run/node'
import type { SessionUser } from '@tokenledger/db'
import { readSessionUser } from './session.server'

/** The signed-in user of the request's session cookie, or null. */
export async function getSessionUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return readSessionUser(request, context)
}

/**
 * Every admin loader and action starts with this: signed out → redirect to /login (coming back
 * here after), signed in without super-admin rights → 403. Hiding links is not the protection.
 */
export async function requireSuperAdmin(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getSessionUser(request, context)
  if (!user) {
    const url = new URL(request.url)
    const next = request.method === 'GET' ? `${url.pathname}${url.search}` : '/'
    throw redirect(`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`)
  }
  if (!user.isSuperAdmin) {
    // A plain Response: pages render the 403 boundary from it, resource routes (CSV) return it as is.
    throw Response.json(
      { message: `${user.email} is signed in but is not a super admin.`, email: user.email },
      { status: 403 },
    )
  }
  return user
}

// Any origin works for the comparison: only "does it stay on the origin it is resolved against" matters.
const BASE = 'http://admin.invalid'

/**
 * A same-origin path to go to after signing in; anything else becomes "/". Resolved the way a
 * browser resolves a Location header (WHATWG URL: tabs and newlines dropped, `\` read as `/`), so
 * `/\t/evil.example` — which browsers read as `//evil.example` — is seen for what it is. Returns
 * the parsed URL's path, query and hash: percent-encoded, safe in a header.
 */
export function safeNext(value: FormDataEntryValue | string | null | undefined): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/'
  let url: URL
  try {
    url = new URL(value, BASE)
  } catch {
    return '/'
  }
  if (url.origin !== BASE) return '/'
  const next = `${url.pathname}${url.search}${url.hash}`
  return next.startsWith('/') && !next.startsWith('//') ? next : '/'
}
