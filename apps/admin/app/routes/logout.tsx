import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { endSession } from '../lib/session.server'

/** POST only: ends the session (any signed-in user may, so a refused non-admin can switch accounts). */
export async function action({ request, context }: ActionFunctionArgs) {
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request, context) } })
}

export async function loader() {
  return redirect('/')
}
