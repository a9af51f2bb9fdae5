import { Link } from '@remix-run/react'
import { formatInt } from '../../lib/format'
import { ExternalIdChip } from '../external-id'
import { ChevronRightIcon } from '../icons'
import { Empty } from '../panel'

/** A top-10 list: rank, name with its share as a bar, requests and cost. */
export function RankTable({
  rows,
  empty,
}: {
  rows: Array<{
    key: number
    href: string
    title: string
    /** The app's own id, shown as a chip after the title. */
    externalId?: string | null
    subtitle: string
    requests: number
    cost: string
    bar: number
  }>
  empty: string
}) {
  if (!rows.length) return <Empty>{empty}</Empty>
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-gray-100">
        <thead className="bg-gray-50/60">
          <tr>
            <th className="th w-10">#</th>
            <th className="th">Name</th>
            <th className="th text-right">Requests</th>
            <th className="th text-right">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((row, index) => (
            <tr key={row.key} className="group hover:bg-gray-50" data-testid="rank-row">
              <td className="td text-gray-400 tabular-nums">{index + 1}</td>
              <td className="td max-w-0 w-full">
                <Link
                  to={row.href}
                  className="block truncate font-medium text-gray-900 group-hover:text-indigo-600"
                >
                  <span data-testid="rank-name">{row.title}</span>
                  <ExternalIdChip value={row.externalId} />
                  <ChevronRightIcon className="ml-1 inline h-3.5 w-3.5 text-gray-300 group-hover:text-indigo-500" />
                </Link>
                <p className="truncate text-xs text-gray-500">{row.subtitle}</p>
                <div className="mt-1.5 h-1 rounded-full bg-gray-100">
                  <div
                    className="h-1 rounded-full bg-indigo-400"
                    style={{ width: `${Math.max(2, row.bar * 100)}%` }}
                  />
                </div>
              </td>
              <td className="td text-right tabular-nums" data-testid="rank-requests">
                {formatInt(row.requests)}
              </td>
              <td className="td text-right font-semibold text-gray-900 tabular-nums" data-testid="rank-cost">
                {row.cost}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
