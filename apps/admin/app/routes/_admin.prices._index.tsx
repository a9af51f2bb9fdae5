import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { activeRepriceRun, countCallsToReprice, findCustomPrice, listCustomPrices } from '@tokenledger/db'
import { utcDay } from '@tokenledger/domain'
import { SuccessNotice } from '../components/alerts'
import { PlusIcon } from '../components/icons'
import { RepriceOffer } from '../components/reprice-offer'
import { PageHeader, Pending } from '../components/shell'
import { Badge } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDateTime } from '../lib/format'
import { pricePerMillion } from '../lib/format.server'

export const meta: MetaFunction = () => [{ title: 'Prices · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const prices = await listCustomPrices(context.db, context.now())
  return {
    reprice: await repriceOffer(context, new URL(request.url).searchParams.get('saved')),
    prices: prices.map((p) => ({
      id: p.id,
      provider: p.provider,
      model: p.model,
      input: pricePerMillion(p.inputMtok),
      output: pricePerMillion(p.outputMtok),
      cacheRead: pricePerMillion(p.cacheReadMtok),
      cacheWrite: pricePerMillion(p.cacheWriteMtok),
      reasoning: pricePerMillion(p.reasoningMtok),
      effectiveFrom: p.effectiveFrom,
      notes: p.notes,
      status: p.status,
    })),
  }
}

/**
 * After a price was saved: its model's calls since the price's first day, which a reprice would
 * cost again (null when the price starts in the future).
 */
async function repriceOffer(context: LoaderFunctionArgs['context'], saved: string | null) {
  const price = saved ? await findCustomPrice(context.db, Number(saved)) : null
  if (!price) return null
  const today = utcDay(context.now())
  const from = utcDay(price.effectiveFrom)
  if (from > today) return null
  const calls = await countCallsToReprice(context.db, { model: price.model, from, to: today })
  const active = await activeRepriceRun(context.db, price.model)
  return { model: price.model, from, calls, activeRunId: active?.id ?? null }
}

export default function Prices() {
  const { prices, reprice } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <>
      <PageHeader
        title="Prices"
        description="Custom or negotiated prices. The newest price in effect at a call's time wins over the catalog."
        actions={
          <>
            <Link to="/prices/reprices" className="btn-secondary">
              Reprices
            </Link>
            <Link to="/prices/unpriced" className="btn-secondary">
              Unpriced models
            </Link>
            <Link to="/prices/new" className="btn-primary">
              <PlusIcon className="h-4 w-4" />
              New price
            </Link>
          </>
        }
      />
      {params.get('saved') && (
        <SuccessNotice>
          <p>Price saved. Calls logged from its start on use it; calls already logged keep their prices.</p>
          {reprice && (reprice.calls > 0 || reprice.activeRunId) && (
            <div className="mt-3" data-testid="reprice-offer">
              <RepriceOffer {...reprice} />
            </div>
          )}
        </SuccessNotice>
      )}
      <Pending>
        <section className="card overflow-hidden" aria-label="Custom prices">
          {prices.length === 0 ? (
            <div className="px-6 py-16 text-center" data-testid="prices-empty">
              <p className="text-sm font-semibold text-gray-900">No custom prices</p>
              <p className="mt-1 text-sm text-gray-500">Every call is priced from the catalog.</p>
              <Link to="/prices/new" className="btn-primary mt-4">
                Add a price
              </Link>
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-gray-200" data-testid="prices-table">
                <thead className="bg-gray-50">
                  <tr>
                    <th className="th">Model</th>
                    <th className="th text-right">Input</th>
                    <th className="th text-right">Output</th>
                    <th className="th text-right">Cache read</th>
                    <th className="th text-right">Cache write</th>
                    <th className="th text-right">Reasoning</th>
                    <th className="th">Effective from</th>
                    <th className="th">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {prices.map((p) => (
                    <tr key={p.id} data-testid="price-row">
                      <td className="td">
                        <p className="font-medium text-gray-900">{p.model}</p>
                        <p className="text-xs text-gray-500">
                          {p.provider}
                          {p.notes && ` · ${p.notes}`}
                        </p>
                      </td>
                      <td className="td text-right tabular-nums">{p.input}</td>
                      <td className="td text-right tabular-nums">{p.output}</td>
                      <td className="td text-right tabular-nums">{p.cacheRead}</td>
                      <td className="td text-right tabular-nums">{p.cacheWrite}</td>
                      <td className="td text-right tabular-nums">{p.reasoning}</td>
                      <td className="td">
                        <p>{formatDateTime(p.effectiveFrom)}</p>
                        <Badge
                          tone={
                            p.status === 'in effect'
                              ? 'ok'
                              : p.status === 'scheduled'
                                ? 'unlimited'
                                : 'inactive'
                          }
                        >
                          {p.status}
                        </Badge>
                      </td>
                      <td className="td text-right">
                        <Link to={`/prices/${p.id}`} className="btn-secondary px-2.5 py-1.5 text-xs">
                          Edit
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="border-t border-gray-100 px-4 py-3 text-xs text-gray-500">
                Prices in US dollars per million tokens.
              </p>
            </div>
          )}
        </section>
      </Pending>
    </>
  )
}
