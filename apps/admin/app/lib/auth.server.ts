import { type AppLoadContext, redirect } from '@remix-run/node'
import { findSessionUser, type SessionUser } from '@tokenledger/db'
import { readSessionToken } from './session.server'

/** The signed-in user of the request's session cookie, or null. */
export async function getSessionUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return findSessionUser(context.db, readSessionToken(request), context.now())
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

/** A same-site path to go to after signing in; anything else becomes "/". */
export function safeNext(value: FormDataEntryValue | string | null | undefined): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return '/'
  return value
}
