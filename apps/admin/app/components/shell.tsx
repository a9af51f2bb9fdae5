import { Form, NavLink, useLocation, useNavigation } from '@remix-run/react'
import { type ReactNode, useEffect, useState } from 'react'
import {
  BellIcon,
  ChartIcon,
  CloseIcon,
  KeyIcon,
  ListIcon,
  Logo,
  LogoutIcon,
  MenuIcon,
  TagIcon,
  WalletIcon,
} from './icons'

const NAV = [
  { to: '/', label: 'Dashboard', icon: ChartIcon, end: true },
  { to: '/logs', label: 'Usage logs', icon: ListIcon, end: false },
  { to: '/budgets', label: 'Budgets', icon: WalletIcon, end: false },
  { to: '/prices', label: 'Prices', icon: TagIcon, end: false },
  { to: '/alerts', label: 'Alerts', icon: BellIcon, end: false },
  { to: '/provider-keys', label: 'Provider keys', icon: KeyIcon, end: false },
]

/** The signed-in frame: sidebar navigation (a drawer below lg), user and sign-out, loading bar. */
export function Shell({ user, children }: { user: { name: string; email: string }; children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const location = useLocation()
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the drawer whenever the page changes
  useEffect(() => setOpen(false), [location.pathname, location.search])
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])

  return (
    <div className="min-h-full">
      <LoadingBar />
      {open && (
        <div className="relative z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <button
            type="button"
            className="fixed inset-0 bg-gray-900/50"
            aria-label="Close navigation"
            onClick={() => setOpen(false)}
          />
          <div className="fixed inset-y-0 left-0 flex w-72 max-w-[85%] flex-col bg-white shadow-xl">
            <div className="flex items-center justify-between px-5 py-4">
              <Brand />
              <button
                type="button"
                className="btn-secondary p-2"
                onClick={() => setOpen(false)}
                aria-label="Close navigation"
              >
                <CloseIcon className="h-5 w-5" />
              </button>
            </div>
            <Nav />
          </div>
        </div>
      )}

      <aside className="hidden border-r border-gray-200 bg-white lg:fixed lg:inset-y-0 lg:flex lg:w-60 lg:flex-col">
        <div className="px-6 py-5">
          <Brand />
        </div>
        <Nav />
        <div className="mt-auto border-t border-gray-100 px-6 py-4 text-xs text-gray-400">All times UTC</div>
      </aside>

      <div className="lg:pl-60">
        <header className="sticky top-0 z-30 flex h-16 items-center gap-3 border-b border-gray-200 bg-white/90 px-4 backdrop-blur sm:px-6">
          <button
            type="button"
            className="btn-secondary p-2 lg:hidden"
            aria-label="Open navigation"
            aria-expanded={open}
            onClick={() => setOpen(true)}
          >
            <MenuIcon className="h-5 w-5" />
          </button>
          <div className="lg:hidden">
            <Brand compact />
          </div>
          <div className="ml-auto flex items-center gap-3">
            <div className="hidden text-right sm:block">
              <p className="text-sm font-medium text-gray-900" data-testid="current-user">
                {user.name}
              </p>
              <p className="text-xs text-gray-500">{user.email}</p>
            </div>
            <span className="flex h-9 w-9 items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700">
              {initials(user.name)}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="btn-secondary px-2.5" title="Sign out">
                <LogoutIcon className="h-4 w-4" />
                <span className="sr-only sm:not-sr-only">Sign out</span>
              </button>
            </Form>
          </div>
        </header>
        <main className="px-4 py-6 sm:px-6 lg:py-8">
          <div className="mx-auto max-w-7xl">{children}</div>
        </main>
      </div>
    </div>
  )
}

function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <a href="/" className="flex items-center gap-2.5 rounded-md">
      <Logo className="h-8 w-8" />
      {!compact && (
        <span className="text-base font-bold tracking-tight text-gray-900">
          Token<span className="text-indigo-600">ledger</span>
        </span>
      )}
    </a>
  )
}

function Nav() {
  return (
    <nav aria-label="Main" className="flex-1 px-3">
      <ul className="space-y-1">
        {NAV.map(({ to, label, icon: Icon, end }) => (
          <li key={to}>
            <NavLink
              to={to}
              end={end}
              prefetch="intent"
              className={({ isActive }) =>
                `group flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition ${
                  isActive
                    ? 'bg-indigo-50 text-indigo-700'
                    : 'text-gray-700 hover:bg-gray-50 hover:text-gray-900'
                }`
              }
            >
              {({ isActive }) => (
                <>
                  <Icon
                    className={`h-5 w-5 ${isActive ? 'text-indigo-600' : 'text-gray-400 group-hover:text-gray-500'}`}
                  />
                  {label}
                </>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** A thin bar at the top while a page loads or a form submits. */
function LoadingBar() {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  return (
    <div
      role="progressbar"
      aria-hidden={!busy}
      aria-label="Loading"
      className={`fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden transition-opacity ${busy ? 'opacity-100' : 'opacity-0'}`}
    >
      <div className="h-full w-1/3 animate-[loading_1s_ease-in-out_infinite] bg-indigo-500" />
    </div>
  )
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase())
      .join('') || '?'
  )
}

/** A page's title row with optional actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string
  description?: ReactNode
  actions?: ReactNode
}) {
  return (
    <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight text-gray-900">{title}</h1>
        {description && <p className="mt-1 text-sm text-gray-500">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  )
}

/** Content that fades while the next page's data loads (the previous page stays visible). */
export function Pending({ children }: { children: ReactNode }) {
  const navigation = useNavigation()
  const loading = navigation.state === 'loading'
  return (
    <div className={`transition-opacity ${loading ? 'opacity-60' : ''}`} aria-busy={loading}>
      {children}
    </div>
  )
}
