import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ExternalIdChip } from '../external-id'
import { ChevronRightIcon } from '../icons'

// The call detail page's pieces: titled cards, label/value lists and the attribution chain.

export function Card({
  title,
  subtitle,
  children,
  testId,
}: {
  title: string
  subtitle?: string
  children: ReactNode
  testId?: string
}) {
  return (
    <section className="card p-5" aria-label={title} data-testid={testId}>
      <h2 className="text-sm font-semibold text-gray-900">{title}</h2>
      {subtitle && <p className="text-xs text-gray-500">{subtitle}</p>}
      <div className="mt-3">{children}</div>
    </section>
  )
}

export function Facts({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="divide-y divide-gray-100 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-4 py-1.5">
          <dt className={`shrink-0 text-gray-500 ${label.startsWith('  ') ? 'pl-3 text-xs' : ''}`}>
            {label.trim()}
          </dt>
          <dd className="min-w-0 break-words text-right text-gray-900">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

export function Chain({
  label,
  href,
  testId,
  externalId,
  children,
}: {
  label: string
  href?: string
  testId: string
  /** The app's own id, shown as a chip after the name. */
  externalId?: string | null
  children: ReactNode
}) {
  return (
    <li className="rounded-lg bg-gray-50 px-3 py-2 ring-1 ring-inset ring-gray-200" data-testid={testId}>
      <p className="text-xs uppercase tracking-wide text-gray-500">{label}</p>
      {href ? (
        <Link to={href} className="font-medium text-indigo-700 hover:underline">
          {children}
        </Link>
      ) : (
        <p className="font-medium text-gray-500">{children}</p>
      )}
      <ExternalIdChip value={externalId} />
    </li>
  )
}

export function Arrow() {
  return (
    <li aria-hidden="true">
      <ChevronRightIcon className="h-4 w-4 shrink-0 text-gray-300" />
    </li>
  )
}
