import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { listRepriceRuns, requestReprice } from '@tokenledger/db'
import { utcDay } from '@tokenledger/domain'
import { ErrorAlert } from '../components/alerts'
import { Breadcrumbs } from '../components/breadcrumbs'
import { RepriceStatus } from '../components/reprice-progress'
import { PageHeader, Pending } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDateTime, formatDay, formatInt } from '../lib/format'
import { readRepriceForm } from '../lib/reprice-form'

export const meta: MetaFunction = () => [{ title: 'Reprices · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const runs = await listRepriceRuns(context.db, 50)
  return {
    runs: runs.map((r) => ({
      id: r.id,
      model: r.model,
      from: r.from,
      to: r.to,
      onlyUnpriced: r.onlyUnpriced,
      status: r.status,
      done: r.done,
      total: r.total,
      changed: r.changed,
      createdAt: r.createdAt.toISOString(),
    })),
  }
}

/** Queues a reprice (the offers on the prices pages post here), then shows its progress. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireSuperAdmin(request, context)
  const parsed = readRepriceForm(await request.formData(), utcDay(context.now()))
  if (!parsed.ok) return data({ error: parsed.error }, { status: 400 })
  const result = await requestReprice(context.db, {
    ...parsed.fields,
    to: utcDay(context.now()),
    requestedBy: user.id,
  })
  // Already under way for this model: show that one rather than an error.
  return redirect(`/prices/reprices/${result.run.id}${result.ok ? '' : '?already=1'}`)
}

export default function Reprices() {
  const { runs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <Breadcrumbs parent={{ to: '/prices', label: 'Prices' }} current="Reprices" />
      <PageHeader
        title="Reprices"
        description="Background reprices of a model's calls with the prices in effect at each call's time. The worker carries them out, one per model at a time."
      />
      {result?.error && <ErrorAlert className="mb-4">{result.error}</ErrorAlert>}
      <Pending>
        <section className="card overflow-hidden" aria-label="Reprices">
          {runs.length === 0 ? (
            <p className="px-6 py-16 text-center text-sm text-gray-500" data-testid="reprices-empty">
              No reprice has been run from the admin yet.
            </p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-gray-200">
                <thead className="bg-gray-50">
                  <tr>
                    <th className="th">Model</th>
                    <th className="th">Days</th>
                    <th className="th">Status</th>
                    <th className="th text-right">Calls</th>
                    <th className="th text-right">Changed</th>
                    <th className="th">Requested</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {runs.map((r) => (
                    <tr key={r.id} data-testid="reprice-row">
                      <td className="td">
                        <Link
                          to={`/prices/reprices/${r.id}`}
                          className="font-medium text-gray-900 hover:underline"
                        >
                          {r.model}
                        </Link>
                        {r.onlyUnpriced && <p className="text-xs text-gray-500">unpriced calls only</p>}
                      </td>
                      <td className="td">
                        {formatDay(r.from)} – {formatDay(r.to)}
                      </td>
                      <td className="td">
                        <RepriceStatus status={r.status} />
                      </td>
                      <td className="td text-right tabular-nums">
                        {formatInt(r.done)}
                        {r.total != null && ` / ${formatInt(r.total)}`}
                      </td>
                      <td className="td text-right tabular-nums">{formatInt(r.changed)}</td>
                      <td className="td">{formatDateTime(r.createdAt)}</td>
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
