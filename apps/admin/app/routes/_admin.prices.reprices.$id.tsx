import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { findRepriceRun } from '@tokenledger/db'
import { Breadcrumbs } from '../components/breadcrumbs'
import { Panel } from '../components/panel'
import { RepriceProgress, useRefreshWhile } from '../components/reprice-progress'
import { PageHeader } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDay } from '../lib/format'

export const meta: MetaFunction = () => [{ title: 'Reprice · Tokenledger' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const run = await findRepriceRun(context.db, Number(params.id))
  if (!run) throw data({ message: 'No such reprice.' }, { status: 404 })
  return {
    run: {
      ...run,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
  }
}

/** One reprice's progress, refreshed every second until it ends. */
export default function RepriceRunPage() {
  const { run } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  useRefreshWhile(run.status === 'queued' || run.status === 'running')
  return (
    <>
      <Breadcrumbs parent={{ to: '/prices/reprices', label: 'Reprices' }} current={`#${run.id}`} />
      <PageHeader
        title={`Reprice ${run.model}`}
        description={`${run.onlyUnpriced ? 'Unpriced calls' : 'Calls'} from ${formatDay(run.from)} to ${formatDay(run.to)} (UTC), with the prices in effect at each call's time. Costs the caller supplied are kept.`}
        actions={
          <Link to={`/logs?${new URLSearchParams({ model: run.model })}`} className="btn-secondary">
            See the calls
          </Link>
        }
      />
      {params.get('already') && (
        <p className="mb-4 text-sm text-amber-700" role="status">
          A reprice of this model was already under way: this is it. Start another once it ends.
        </p>
      )}
      <Panel title="Progress">
        <RepriceProgress run={run} />
      </Panel>
    </>
  )
}
