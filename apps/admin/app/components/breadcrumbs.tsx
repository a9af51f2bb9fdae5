import { Link } from '@remix-run/react'
import { ChevronRightIcon } from './icons'

/** "Budgets › Edit": the way back to the list a page belongs to. */
export function Breadcrumbs({ parent, current }: { parent: { to: string; label: string }; current: string }) {
  return (
    <nav className="mb-2 text-sm text-gray-500" aria-label="Breadcrumb">
      <Link to={parent.to} className="hover:text-gray-700">
        {parent.label}
      </Link>
      <ChevronRightIcon className="mx-1 inline h-3.5 w-3.5" />
      <span>{current}</span>
    </nav>
  )
}
