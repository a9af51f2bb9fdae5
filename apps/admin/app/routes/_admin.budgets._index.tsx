import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { setBudgetActive } from '@tokenledger/db'
import { SuccessNotice } from '../components/alerts'
import { BudgetPager, BudgetTable } from '../components/budgets/budget-table'
import { PlusIcon } from '../components/icons'
import { SelectFilter } from '../components/select-filter'
import { PageHeader, Pending } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { loadBudgetPage, readBudgetListQuery } from '../lib/budgets.server'
import { loadBudgetForecasts } from '../lib/forecasts.server'
import { loadReservationsInFlight } from '../lib/reservations.server'

const LIST_PARAMS = ['org', 'scope', 'page']

export const meta: MetaFunction = () => [{ title: 'Budgets · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const now = context.now()
  const query = readBudgetListQuery(new URL(request.url).searchParams)
  const { budgets, page, organizations } = await loadBudgetPage(context.db, now, query)
  // Forecasts and reservations for the visible page only: forecasting thousands takes seconds.
  const ids = budgets.map((b) => b.id)
  const [forecasts, inFlight] = ids.length
    ? await Promise.all([
        loadBudgetForecasts(context.db, now, ids),
        loadReservationsInFlight(context.db, ids, now),
      ])
    : [{}, {}]
  return { budgets, forecasts, inFlight, page, organizations, query }
}

/** Deactivate or reactivate a budget from the list. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const form = await request.formData()
  const id = Number(form.get('budgetId'))
  const isActive = form.get('intent') === 'activate'
  if (!(await setBudgetActive(context.db, id, isActive)))
    throw data({ message: 'No such budget.' }, { status: 404 })
  // Back to the page and filters the button was on.
  const back = new URLSearchParams()
  back.set(isActive ? 'activated' : 'deactivated', String(id))
  for (const [name, value] of new URL(request.url).searchParams)
    if (LIST_PARAMS.includes(name)) back.set(name, value)
  return redirect(`/budgets?${back}`)
}

const SCOPE_FILTER_LABELS = {
  organization: 'Organizations',
  user: 'Users',
  project: 'Projects',
  api_key: 'API keys',
} as const

export default function Budgets() {
  const { budgets, forecasts, inFlight, page, organizations, query } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const filtered = query.organizationId != null || query.scope != null
  const notice = params.get('saved')
    ? 'Budget saved.'
    : params.get('created')
      ? 'Budget created.'
      : params.get('deactivated')
        ? 'Budget deactivated.'
        : params.get('activated')
          ? 'Budget activated.'
          : null
  return (
    <>
      <PageHeader
        title="Budgets"
        description="Limits per organization, user, project or API key, each per month, week (Monday to Sunday) or day in its own time zone."
        actions={
          <Link to="/budgets/new" className="btn-primary">
            <PlusIcon className="h-4 w-4" />
            New budget
          </Link>
        }
      />
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <Form
        method="get"
        className="card mb-4 flex flex-wrap items-end gap-3 px-4 py-3"
        aria-label="Filter budgets"
      >
        <SelectFilter
          label="Organization"
          name="org"
          value={query.organizationId == null ? undefined : String(query.organizationId)}
          options={organizations.map((o) => ({ value: o.id, label: o.name }))}
          anyLabel="All organizations"
        />
        <SelectFilter
          label="For"
          name="scope"
          value={query.scope}
          options={Object.entries(SCOPE_FILTER_LABELS).map(([value, label]) => ({ value, label }))}
          anyLabel="All kinds"
        />
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </Form>
      <Pending>
        <section className="card overflow-hidden" aria-label="Budgets">
          {budgets.length === 0 && filtered ? (
            <p className="px-6 py-16 text-center text-sm text-gray-500">No budget matches these filters.</p>
          ) : budgets.length === 0 ? (
            <div className="px-6 py-16 text-center">
              <p className="text-sm font-semibold text-gray-900">No budgets yet</p>
              <p className="mt-1 text-sm text-gray-500">
                Give an organization, a user, a project or an API key a limit.
              </p>
              <Link to="/budgets/new" className="btn-primary mt-4">
                New budget
              </Link>
            </div>
          ) : (
            <>
              <BudgetTable budgets={budgets} forecasts={forecasts} inFlight={inFlight} />
              <BudgetPager {...page} count={budgets.length} params={params} />
            </>
          )}
        </section>
      </Pending>
    </>
  )
}
