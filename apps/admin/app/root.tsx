import type { LinksFunction, MetaFunction } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useNavigation,
  useRouteError,
} from '@remix-run/react'
import { type ReactNode, useEffect } from 'react'
import { Logo } from './components/icons'
import styles from './tailwind.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Tokenledger admin' }]

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        <StateMarkers />
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

/**
 * Markers on <html> for tests and styles: the page is interactive (hydrated), and whether a
 * navigation or a submission is under way ("idle" once the new page's data is on screen).
 */
function StateMarkers() {
  const navigation = useNavigation()
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  useEffect(() => {
    document.documentElement.dataset.navigation = navigation.state
  }, [navigation.state])
  return null
}

/** Refusals and failures anywhere end here: 403 (signed in, not a super admin), 404, 500. */
export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 403) {
    const message =
      typeof error.data === 'object' && error.data && 'message' in error.data
        ? String(error.data.message)
        : 'You are signed in, but this account is not a super admin.'
    return (
      <ErrorPage code="403" title="Super admins only" testId="forbidden">
        <p>{message}</p>
        <p className="mt-2">Ask a super admin for access, or sign in with another account.</p>
        <Form method="post" action="/logout" className="mt-6">
          <button type="submit" className="btn-primary">
            Sign out
          </button>
        </Form>
      </ErrorPage>
    )
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage code="404" title="Not found" testId="not-found">
        <p>There is nothing at this address.</p>
        <a href="/" className="btn-primary mt-6">
          Back to the dashboard
        </a>
      </ErrorPage>
    )
  }
  if (!isRouteErrorResponse(error)) console.error(error)
  return (
    <ErrorPage
      code={isRouteErrorResponse(error) ? String(error.status) : '500'}
      title="Something went wrong"
      testId="error"
    >
      <p>The page could not be loaded. Try again in a moment.</p>
      <a href="/" className="btn-primary mt-6">
        Back to the dashboard
      </a>
    </ErrorPage>
  )
}

function ErrorPage({
  code,
  title,
  testId,
  children,
}: {
  code: string
  title: string
  testId: string
  children: ReactNode
}) {
  return (
    <main className="flex min-h-full items-center justify-center px-6 py-24" data-testid={testId}>
      <div className="card w-full max-w-md p-8 text-center">
        <Logo className="mx-auto h-10 w-10" />
        <p className="mt-6 text-sm font-semibold text-indigo-600">{code}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-gray-900">{title}</h1>
        <div className="mt-3 text-sm text-gray-600">{children}</div>
      </div>
    </main>
  )
}
