import { Link } from '@remix-run/react'
import { type LogQuery, logSearch } from '../../lib/log-query'

/** Previous / Next by keyset cursor; shown only when there is another page either way. */
export function LogPager({
  query,
  count,
  previousCursor,
  nextCursor,
}: {
  query: LogQuery
  count: number
  previousCursor: string | null
  nextCursor: string | null
}) {
  if (!previousCursor && !nextCursor) return null
  return (
    <nav
      className="flex items-center justify-between gap-3 border-t border-gray-200 bg-white px-4 py-3 sm:px-6"
      aria-label="Pages"
    >
      <p className="hidden text-sm text-gray-500 sm:block">{count} calls on this page</p>
      <div className="flex flex-1 justify-between gap-2 sm:flex-none">
        <PageLink query={query} cursor={previousCursor} rel="prev" label="Previous" />
        <PageLink query={query} cursor={nextCursor} rel="next" label="Next" testId="next-page" />
      </div>
    </nav>
  )
}

function PageLink({
  query,
  cursor,
  rel,
  label,
  testId,
}: {
  query: LogQuery
  cursor: string | null
  rel: 'prev' | 'next'
  label: string
  testId?: string
}) {
  if (!cursor)
    return (
      <span className="btn-secondary pointer-events-none opacity-50" aria-disabled="true">
        {label}
      </span>
    )
  return (
    <Link to={logSearch(query, { cursor })} className="btn-secondary" rel={rel} data-testid={testId}>
      {label}
    </Link>
  )
}
