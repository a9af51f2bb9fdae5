import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listRepriceRuns, listUnpricedModels } from '@tokenledger/db'
import { utcDay } from '@tokenledger/domain'
import { ChevronRightIcon } from '../components/icons'
import { RepriceOffer } from '../components/reprice-offer'
import { PageHeader, Pending } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDateTime } from '../lib/format'

export const meta: MetaFunction = () => [{ title: 'Unpriced models · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const models = await listUnpricedModels(context.db)
  // Queued or running reprices, by model: their button becomes a link to the progress.
  const active = new Map(
    (await listRepriceRuns(context.db, 100))
      .filter((r) => r.status === 'queued' || r.status === 'running')
      .map((r) => [r.model, r.id]),
  )
  return {
    models: models.map((m) => ({
      ...m,
      from: utcDay(m.firstSeen),
      activeRunId: active.get(m.model) ?? null,
      firstSeen: m.firstSeen.toISOString(),
      lastSeen: m.lastSeen.toISOString(),
      addPrice: `/prices/new?${new URLSearchParams({ provider: m.provider, model: m.model })}`,
    })),
  }
}

const count = new Intl.NumberFormat('en-US')

/** Models seen without a price: their calls are stored with no cost until a price exists and they are repriced. */
export default function UnpricedModels() {
  const { models } = useLoaderData<typeof loader>()
  return (
    <>
      <nav className="mb-2 text-sm text-gray-500" aria-label="Breadcrumb">
        <Link to="/prices" className="hover:text-gray-700">
          Prices
        </Link>
        <ChevronRightIcon className="mx-1 inline h-3.5 w-3.5" />
        Unpriced models
      </nav>
      <PageHeader
        title="Unpriced models"
        description="Calls to these models were stored without a cost: neither the catalog nor a custom price knew them. Add a price, then reprice their calls here (or with `tokenledger reprice --only-unpriced`)."
      />
      <Pending>
        <section className="card overflow-hidden" aria-label="Unpriced models">
          {models.length === 0 ? (
            <div className="px-6 py-16 text-center" data-testid="unpriced-empty">
              <p className="text-sm font-semibold text-gray-900">Every call has a price</p>
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-gray-200" data-testid="unpriced-table">
                <thead className="bg-gray-50">
                  <tr>
                    <th className="th">Model</th>
                    <th className="th text-right">Calls</th>
                    <th className="th text-right">Input tokens</th>
                    <th className="th text-right">Output tokens</th>
                    <th className="th">First seen</th>
                    <th className="th">Last seen</th>
                    <th className="th">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {models.map((m) => (
                    <tr key={`${m.provider}/${m.model}`} data-testid="unpriced-row">
                      <td className="td">
                        <p className="font-medium text-gray-900">{m.model}</p>
                        <p className="text-xs text-gray-500">{m.provider}</p>
                      </td>
                      <td className="td text-right tabular-nums">{count.format(m.calls)}</td>
                      <td className="td text-right tabular-nums">{count.format(m.promptTokens)}</td>
                      <td className="td text-right tabular-nums">{count.format(m.completionTokens)}</td>
                      <td className="td">{formatDateTime(m.firstSeen)}</td>
                      <td className="td">{formatDateTime(m.lastSeen)}</td>
                      <td className="td text-right">
                        <div className="flex justify-end gap-2">
                          <Link to={m.addPrice} className="btn-secondary px-2.5 py-1.5 text-xs">
                            Add a custom price
                          </Link>
                          <RepriceOffer
                            model={m.model}
                            from={m.from}
                            calls={m.calls}
                            onlyUnpriced
                            activeRunId={m.activeRunId}
                            compact
                          />
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </Pending>
    </>
  )
}
