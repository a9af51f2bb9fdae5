import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { deleteSession } from '@tokenledger/db'
import { clearedSessionCookie, readSessionToken } from '../lib/session.server'

/** POST only: ends the session (any signed-in user may, so a refused non-admin can switch accounts). */
export async function action({ request, context }: ActionFunctionArgs) {
  const token = readSessionToken(request)
  if (token) await deleteSession(context.db, token)
  return redirect('/login', { headers: { 'Set-Cookie': clearedSessionCookie(request) } })
}

export async function loader() {
  return redirect('/')
}
