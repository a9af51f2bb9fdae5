import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUsageLogFilterOptions, listUsageLogs } from '@tokenledger/db'
import { CATEGORIES, CATEGORY_LABELS } from '@tokenledger/domain'
import { DownloadIcon } from '../components/icons'
import { LogFilters } from '../components/logs/log-filters'
import { LogPager } from '../components/logs/log-pager'
import { LogTable } from '../components/logs/log-table'
import { PageHeader, Pending } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { toUsageLogFilters } from '../lib/log-filters.server'
import { hasFilters, type LogQuery, logSearch, readLogQuery } from '../lib/log-query'
import { toLogRow } from '../lib/log-rows.server'

export const meta: MetaFunction = () => [{ title: 'Usage logs · Tokenledger' }]

const PAGE_SIZE = 50

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const query = readLogQuery(new URL(request.url).searchParams)
  const filters = toUsageLogFilters(query)
  const [page, options] = await Promise.all([
    listUsageLogs(context.db, { filters, sort: query.sort, cursor: query.cursor ?? null, limit: PAGE_SIZE }),
    getUsageLogFilterOptions(context.db, {
      now: context.now(),
      organizationId: filters.organizationId,
      projectId: filters.projectId,
    }),
  ])
  return {
    query,
    options: { ...options, categories: CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })) },
    rows: page.rows.map(toLogRow),
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
  }
}

export default function Logs() {
  const { query, options, rows, nextCursor, previousCursor } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Usage logs"
        description="Every AI call, newest first. Filters stay in the address, so a view can be shared."
        actions={
          <a
            href={`/logs.csv${logSearch(query)}`}
            className="btn-secondary"
            download
            data-testid="export-csv"
          >
            <DownloadIcon className="h-4 w-4" />
            Export CSV
          </a>
        }
      />
      <LogFilters query={query} options={options} />
      <Pending>
        <section className="card mt-6 overflow-hidden" aria-label="Calls">
          {rows.length === 0 ? <NoCalls query={query} /> : <LogTable query={query} rows={rows} />}
          <LogPager
            query={query}
            count={rows.length}
            previousCursor={previousCursor}
            nextCursor={nextCursor}
          />
        </section>
      </Pending>
    </>
  )
}

function NoCalls({ query }: { query: LogQuery }) {
  const filtered = hasFilters(query)
  return (
    <div className="px-6 py-16 text-center" data-testid="logs-empty">
      <p className="text-sm font-semibold text-gray-900">No calls match</p>
      <p className="mt-1 text-sm text-gray-500">
        {filtered ? 'Try a wider date range or fewer filters.' : 'Nothing has been logged yet.'}
      </p>
      {filtered && (
        <Link to="/logs" className="btn-secondary mt-4">
          Clear filters
        </Link>
      )}
    </div>
  )
}
