import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { formatDateTime, formatInt } from '../../lib/format'
import { externalIdBeside, nameText, userLabel, userText } from '../../lib/labels'
import { logDetailPath } from '../../lib/log-link'
import { type LogQuery, logSearch } from '../../lib/log-query'
import { ExternalIdChip } from '../external-id'
import { ArrowDownIcon, ArrowUpIcon } from '../icons'
import { Badge } from '../usage-bar'

/** One call as the list shows it; money and durations arrive formatted from the server. */
export interface LogRow {
  id: number
  createdAt: Date | string
  organization: { id: number; name: string }
  user: { id: number; name: string | null; email: string | null; externalId: string | null } | null
  project: { id: number; name: string | null; externalId: string | null } | null
  document: { id: number; name: string | null; externalId: string | null } | null
  provider: string
  model: string
  category: string
  purpose: string | null
  promptTokens: number
  completionTokens: number
  totalTokens: number
  cost: string
  unpriced: boolean
  duration: string
  success: boolean
  errorMessage: string | null
  overridden: boolean
}

/** The calls on this page; the time and cost headers sort the list. */
export function LogTable({ query, rows }: { query: LogQuery; rows: LogRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="compact-table min-w-full divide-y divide-gray-200" data-testid="logs-table">
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
            <LogTableRow key={row.id} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function LogTableRow({ row }: { row: LogRow }) {
  const user = row.user ? userLabel(row.user) : null
  const project = row.project ? (row.project.name ?? `project #${row.project.id}`) : null
  return (
    <tr className="group hover:bg-indigo-50/40" data-testid="log-row" data-log-id={row.id}>
      <td className="td">
        <Link
          to={logDetailPath(row.id, row.createdAt)}
          className="font-medium text-gray-900 group-hover:text-indigo-600"
          title={`${formatDateTime(row.createdAt)} UTC`}
        >
          {formatDateTime(row.createdAt).slice(0, 16)}
        </Link>
        <p className="text-xs text-gray-400">#{row.id}</p>
      </td>
      <td
        className="td max-w-[12rem]"
        title={[
          row.organization.name,
          row.user && userText(row.user),
          row.project && nameText(project ?? '', row.project.externalId),
          row.document &&
            nameText(row.document.name ?? `document #${row.document.id}`, row.document.externalId),
        ]
          .filter(Boolean)
          .join(' › ')}
      >
        <p className="truncate font-medium text-gray-800" data-testid="cell-organization">
          {row.organization.name}
        </p>
        <p className="truncate text-xs text-gray-500">
          <span data-testid="cell-user">{user ?? 'no user'}</span>
          {row.user && <ExternalIdChip value={externalIdBeside(user ?? '', row.user.externalId)} />}
          {row.project && (
            <>
              {' · '}
              <span data-testid="cell-project">{project}</span>
              <ExternalIdChip value={externalIdBeside(project ?? '', row.project.externalId)} />
            </>
          )}
        </p>
      </td>
      <td className="td max-w-[9rem]">
        <p className="truncate font-medium text-gray-800" data-testid="cell-model" title={row.model}>
          {row.model}
        </p>
        <p className="text-xs text-gray-500" data-testid="cell-provider">
          {row.provider}
        </p>
      </td>
      <td className="td">
        <p data-testid="cell-category">{row.category}</p>
        {row.purpose && (
          <p className="max-w-[8rem] truncate text-xs text-gray-500" title={row.purpose}>
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
