import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { attemptLogin, tooManyAttemptsMessage } from '@tokenledger/db'
import { ErrorAlert } from '../components/alerts'
import { Logo } from '../components/icons'
import { getSessionUser, safeNext } from '../lib/auth.server'
import { startSession } from '../lib/session.server'

export const meta: MetaFunction = () => [{ title: 'Sign in · Tokenledger' }]

// A document response takes its headers from here, not from the action's: pass Retry-After on.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSessionUser(request, context)
  if (user?.isSuperAdmin) throw redirect(safeNext(new URL(request.url).searchParams.get('next')))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const email = String(form.get('email') ?? '').trim()
  const password = String(form.get('password') ?? '')
  if (!email || !password) {
    return data({ error: 'Enter your email and your password.', email }, { status: 400 })
  }
  // The same throttled sign-in as the api's auth.login: per account and per client IP.
  const result = await attemptLogin(context.db, { email, password, ip: context.clientIp, now: context.now() })
  if (!result.ok && result.reason === 'TOO_MANY_ATTEMPTS') {
    return data(
      { error: tooManyAttemptsMessage(result.retryAfterSeconds), email },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  if (!result.ok) return data({ error: 'That email and password do not match.', email }, { status: 401 })
  // Any user with a password may hold a session; every admin page still requires a super admin.
  return redirect(safeNext(form.get('next')), {
    headers: { 'Set-Cookie': await startSession(request, context, result.user) },
  })
}

export default function Login() {
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const submitting = useNavigation().state === 'submitting'
  return (
    <main className="flex min-h-full flex-col justify-center px-6 py-12">
      <div className="mx-auto w-full max-w-sm">
        <Logo className="mx-auto h-12 w-12" />
        <h1 className="mt-6 text-center text-2xl font-bold tracking-tight text-gray-900">
          Sign in to Tokenledger
        </h1>
        <p className="mt-1 text-center text-sm text-gray-500">The admin is for super admins.</p>
      </div>
      <div className="card mx-auto mt-8 w-full max-w-sm p-6 sm:p-8">
        <Form method="post" className="space-y-5" noValidate>
          <input type="hidden" name="next" value={params.get('next') ?? '/'} />
          {result?.error && <ErrorAlert>{result.error}</ErrorAlert>}
          <div>
            <label htmlFor="email" className="label">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              // biome-ignore lint/a11y/noAutofocus: the only task on this page
              autoFocus
              defaultValue={result?.email}
              className="input"
            />
          </div>
          <div>
            <label htmlFor="password" className="label">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className="input"
            />
          </div>
          <button type="submit" className="btn-primary w-full" disabled={submitting}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
      </div>
    </main>
  )
}
