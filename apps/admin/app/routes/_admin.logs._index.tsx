import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSubmit } from '@remix-run/react'
import { getUsageLogFilterOptions, listUsageLogs } from '@tokenledger/db'
import { CATEGORIES, CATEGORY_LABELS } from '@tokenledger/domain'
import type { ReactNode } from 'react'
import { ArrowDownIcon, ArrowUpIcon, DownloadIcon } from '../components/icons'
import { PageHeader, Pending } from '../components/shell'
import { Badge } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDateTime, formatDuration, formatInt } from '../lib/format'
import { callCost } from '../lib/format.server'
import { toUsageLogFilters } from '../lib/log-filters.server'
import { hasFilters, LOG_SORTS, type LogQuery, logSearch, readLogQuery } from '../lib/log-query'

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
    options: {
      ...options,
      categories: CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
    },
    rows: page.rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      organization: { id: r.organizationId, name: r.organizationName },
      user: r.userId == null ? null : { id: r.userId, name: r.userName, email: r.userEmail },
      project: r.projectId == null ? null : { id: r.projectId, name: r.projectName },
      document: r.documentId == null ? null : { id: r.documentId, name: r.documentName },
      provider: r.provider,
      model: r.model,
      category: CATEGORY_LABELS[r.category] ?? r.category,
      purpose: r.purposeDetail,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
      totalTokens: r.totalTokens,
      cost: callCost(r.cost),
      unpriced: r.cost == null,
      duration: formatDuration(r.durationMs),
      success: r.success,
      errorMessage: r.errorMessage,
      overridden: r.budgetOverride,
    })),
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
  }
}

export default function Logs() {
  const { query, options, rows, nextCursor, previousCursor } = useLoaderData<typeof loader>()
  const exportHref = `/logs.csv${logSearch(query)}`
  return (
    <>
      <PageHeader
        title="Usage logs"
        description="Every AI call, newest first. Filters stay in the address, so a view can be shared."
        actions={
          <a href={exportHref} className="btn-secondary" download data-testid="export-csv">
            <DownloadIcon className="h-4 w-4" />
            Export CSV
          </a>
        }
      />
      <Filters query={query} options={options} />
      <Pending>
        <section className="card mt-6 overflow-hidden" aria-label="Calls">
          {rows.length === 0 ? (
            <div className="px-6 py-16 text-center" data-testid="logs-empty">
              <p className="text-sm font-semibold text-gray-900">No calls match</p>
              <p className="mt-1 text-sm text-gray-500">
                {hasFilters(query)
                  ? 'Try a wider date range or fewer filters.'
                  : 'Nothing has been logged yet.'}
              </p>
              {hasFilters(query) && (
                <Link to="/logs" className="btn-secondary mt-4">
                  Clear filters
                </Link>
              )}
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="logs-table min-w-full divide-y divide-gray-200" data-testid="logs-table">
                <thead className="bg-gray-50">
                  <tr>
                    <th className="th">
                      <SortLink query={query} ascending="oldest" descending="newest">
                        Time (UTC)
                      </SortLink>
                    </th>
                    <th className="th">Attribution</th>
                    <th className="th">Model</th>
                    <th className="th">Category</th>
                    <th className="th text-right">
                      <SortLink query={query} ascending="cost_asc" descending="cost_desc" alignRight>
                        Cost
                      </SortLink>
                    </th>
                    <th className="th text-right">Tokens</th>
                    <th className="th hidden text-right 2xl:table-cell">Duration</th>
                    <th className="th">Status</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {rows.map((row) => (
                    <tr
                      key={row.id}
                      className="group hover:bg-indigo-50/40"
                      data-testid="log-row"
                      data-log-id={row.id}
                    >
                      <td className="td">
                        <Link
                          to={`/logs/${row.id}`}
                          className="font-medium text-gray-900 group-hover:text-indigo-600"
                          title={`${formatDateTime(row.createdAt)} UTC`}
                        >
                          {formatDateTime(row.createdAt).slice(0, 16)}
                        </Link>
                        <p className="text-xs text-gray-400">#{row.id}</p>
                      </td>
                      <td
                        className="td max-w-[13rem]"
                        title={[row.organization.name, row.user?.name, row.project?.name, row.document?.name]
                          .filter(Boolean)
                          .join(' › ')}
                      >
                        <p className="truncate font-medium text-gray-800" data-testid="cell-organization">
                          {row.organization.name}
                        </p>
                        <p className="truncate text-xs text-gray-500">
                          <span data-testid="cell-user">{row.user ? row.user.name : 'no user'}</span>
                          {row.project && ` · ${row.project.name}`}
                        </p>
                      </td>
                      <td className="td max-w-[10rem]">
                        <p
                          className="truncate font-medium text-gray-800"
                          data-testid="cell-model"
                          title={row.model}
                        >
                          {row.model}
                        </p>
                        <p className="text-xs text-gray-500" data-testid="cell-provider">
                          {row.provider}
                        </p>
                      </td>
                      <td className="td">
                        <p data-testid="cell-category">{row.category}</p>
                        {row.purpose && (
                          <p className="max-w-[9rem] truncate text-xs text-gray-500" title={row.purpose}>
                            {row.purpose}
                          </p>
                        )}
                      </td>
                      <td
                        className={`td text-right font-semibold tabular-nums ${row.unpriced ? 'text-gray-400' : 'text-gray-900'}`}
                        data-testid="cell-cost"
                      >
                        {row.cost}
                      </td>
                      <td className="td text-right tabular-nums">
                        <p>{formatInt(row.totalTokens)}</p>
                        <p className="text-xs text-gray-400">
                          {formatInt(row.promptTokens)} / {formatInt(row.completionTokens)}
                        </p>
                      </td>
                      <td className="td hidden text-right tabular-nums 2xl:table-cell">{row.duration}</td>
                      <td className="td">
                        <div className="flex flex-wrap gap-1">
                          {row.success ? (
                            <span
                              className="inline-flex items-center gap-1 text-xs text-emerald-700"
                              data-testid="cell-status"
                            >
                              <span className="h-1.5 w-1.5 rounded-full bg-emerald-500" aria-hidden="true" />
                              ok
                            </span>
                          ) : (
                            <span title={row.errorMessage ?? undefined} data-testid="cell-status">
                              <Badge tone="failure">failed</Badge>
                            </span>
                          )}
                          {row.overridden && <Badge tone="override">override</Badge>}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(previousCursor || nextCursor) && (
            <nav
              className="flex items-center justify-between gap-3 border-t border-gray-200 bg-white px-4 py-3 sm:px-6"
              aria-label="Pages"
            >
              <p className="hidden text-sm text-gray-500 sm:block">{rows.length} calls on this page</p>
              <div className="flex flex-1 justify-between gap-2 sm:flex-none">
                {previousCursor ? (
                  <Link
                    to={logSearch(query, { cursor: previousCursor })}
                    className="btn-secondary"
                    rel="prev"
                  >
                    Previous
                  </Link>
                ) : (
                  <span className="btn-secondary pointer-events-none opacity-50" aria-disabled="true">
                    Previous
                  </span>
                )}
                {nextCursor ? (
                  <Link
                    to={logSearch(query, { cursor: nextCursor })}
                    className="btn-secondary"
                    rel="next"
                    data-testid="next-page"
                  >
                    Next
                  </Link>
                ) : (
                  <span className="btn-secondary pointer-events-none opacity-50" aria-disabled="true">
                    Next
                  </span>
                )}
              </div>
            </nav>
          )}
        </section>
      </Pending>
    </>
  )
}

function SortLink({
  query,
  ascending,
  descending,
  alignRight = false,
  children,
}: {
  query: LogQuery
  ascending: LogQuery['sort']
  descending: LogQuery['sort']
  alignRight?: boolean
  children: ReactNode
}) {
  const active = query.sort === ascending || query.sort === descending
  const next = query.sort === descending ? ascending : descending
  return (
    <Link
      to={logSearch(query, { sort: next, cursor: undefined })}
      className={`inline-flex items-center gap-1 hover:text-gray-900 ${alignRight ? 'flex-row-reverse' : ''} ${active ? 'text-gray-900' : ''}`}
      aria-label={`Sort by ${String(children).toLowerCase()}, ${next === ascending ? 'ascending' : 'descending'}`}
    >
      {children}
      {active && query.sort === descending && <ArrowDownIcon className="h-3.5 w-3.5" />}
      {active && query.sort === ascending && <ArrowUpIcon className="h-3.5 w-3.5" />}
    </Link>
  )
}

type Options = ReturnType<typeof useLoaderData<typeof loader>>['options']

function Filters({ query, options }: { query: LogQuery; options: Options }) {
  const submit = useSubmit()
  // Submit only the filters that are set, so the address stays short and readable.
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form)
    for (const [name, value] of [...data.entries()])
      if (value === '' || (name === 'sort' && value === 'newest')) data.delete(name)
    submit(data, { method: 'get', action: '/logs' })
  }
  // Choosing an organization or a project narrows the choices below it: reload them at once.
  const narrow = (event: React.ChangeEvent<HTMLSelectElement>) => {
    const form = event.currentTarget.form
    if (!form) return
    if (event.currentTarget.name === 'organization') {
      for (const name of ['user', 'project', 'document']) {
        const field = form.elements.namedItem(name) as HTMLSelectElement | null
        if (field) field.value = ''
      }
    }
    if (event.currentTarget.name === 'project') {
      const field = form.elements.namedItem('document') as HTMLSelectElement | null
      if (field) field.value = ''
    }
    apply(form)
  }
  return (
    <Form
      method="get"
      action="/logs"
      className="card p-4 sm:p-5"
      aria-label="Filters"
      data-testid="log-filters"
      key={JSON.stringify(query)}
      onSubmit={(event) => {
        event.preventDefault()
        apply(event.currentTarget)
      }}
    >
      <div className="grid grid-cols-2 gap-x-3 gap-y-3 sm:gap-x-4 lg:grid-cols-4 2xl:grid-cols-6">
        <Field label="From" htmlFor="f-from">
          <input id="f-from" name="from" type="date" defaultValue={query.from} className="input py-1.5" />
        </Field>
        <Field label="To" htmlFor="f-to">
          <input id="f-to" name="to" type="date" defaultValue={query.to} className="input py-1.5" />
        </Field>
        <Field label="Organization" htmlFor="f-organization">
          <select
            id="f-organization"
            name="organization"
            defaultValue={query.organization ?? ''}
            className="input py-1.5"
            onChange={narrow}
          >
            <option value="">All</option>
            {options.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="User" htmlFor="f-user">
          <select id="f-user" name="user" defaultValue={query.user ?? ''} className="input py-1.5">
            <option value="">All</option>
            {options.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Project" htmlFor="f-project">
          <select
            id="f-project"
            name="project"
            defaultValue={query.project ?? ''}
            className="input py-1.5"
            onChange={narrow}
          >
            <option value="">All</option>
            {options.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {query.organization ? p.name : `${p.name} · ${p.organizationName}`}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Document" htmlFor="f-document">
          <select
            id="f-document"
            name="document"
            defaultValue={query.document ?? ''}
            className="input py-1.5 disabled:bg-gray-50 disabled:text-gray-400"
            disabled={!query.project}
            title={query.project ? undefined : 'Choose a project first'}
          >
            <option value="">{query.project ? 'All' : 'Pick a project'}</option>
            {options.documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Category" htmlFor="f-category">
          <select
            id="f-category"
            name="category"
            defaultValue={query.category ?? ''}
            className="input py-1.5"
          >
            <option value="">All</option>
            {options.categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Provider" htmlFor="f-provider">
          <input
            id="f-provider"
            name="provider"
            list="provider-options"
            defaultValue={query.provider}
            placeholder="Any"
            className="input py-1.5"
            autoComplete="off"
          />
          <datalist id="provider-options">
            {options.providers.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </Field>
        <Field label="Model" htmlFor="f-model">
          <input
            id="f-model"
            name="model"
            list="model-options"
            defaultValue={query.model}
            placeholder="Any"
            className="input py-1.5"
            autoComplete="off"
          />
          <datalist id="model-options">
            {options.models
              .filter((m) => !query.provider || m.provider === query.provider)
              .map((m) => (
                <option key={`${m.provider}/${m.model}`} value={m.model}>
                  {m.provider}
                </option>
              ))}
          </datalist>
        </Field>
        <Field label="Status" htmlFor="f-status">
          <select id="f-status" name="status" defaultValue={query.status ?? ''} className="input py-1.5">
            <option value="">Any</option>
            <option value="success">Succeeded</option>
            <option value="failed">Failed</option>
          </select>
        </Field>
        <Field label="Budget override" htmlFor="f-overridden">
          <select
            id="f-overridden"
            name="overridden"
            defaultValue={query.overridden ?? ''}
            className="input py-1.5"
          >
            <option value="">Any</option>
            <option value="yes">Overridden</option>
            <option value="no">Not overridden</option>
          </select>
        </Field>
        <Field label="Sort" htmlFor="f-sort">
          <select id="f-sort" name="sort" defaultValue={query.sort} className="input py-1.5">
            {LOG_SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="mt-3 flex items-center justify-end gap-2">
        {hasFilters(query) && (
          <Link to="/logs" className="btn-secondary py-1.5">
            Reset
          </Link>
        )}
        <button type="submit" className="btn-primary py-1.5" data-testid="apply-filters">
          Apply filters
        </button>
      </div>
    </Form>
  )
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-gray-600">
        {label}
      </label>
      {children}
    </div>
  )
}
