import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { setBudgetActive } from '@tokenledger/db'
import { SuccessNotice } from '../components/alerts'
import { BudgetTable } from '../components/budgets/budget-table'
import { PlusIcon } from '../components/icons'
import { PageHeader, Pending } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { loadBudgetRows } from '../lib/budgets.server'
import { loadBudgetForecasts } from '../lib/forecasts.server'
import { loadReservationsInFlight } from '../lib/reservations.server'

export const meta: MetaFunction = () => [{ title: 'Budgets · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const now = context.now()
  const [budgets, forecasts] = await Promise.all([
    loadBudgetRows(context.db, now),
    loadBudgetForecasts(context.db, now),
  ])
  const inFlight = await loadReservationsInFlight(
    context.db,
    budgets.map((b) => b.id),
    now,
  )
  return { budgets, forecasts, inFlight }
}

/** Deactivate or reactivate a budget from the list. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const form = await request.formData()
  const id = Number(form.get('budgetId'))
  const isActive = form.get('intent') === 'activate'
  if (!(await setBudgetActive(context.db, id, isActive)))
    throw data({ message: 'No such budget.' }, { status: 404 })
  return redirect(`/budgets?${isActive ? 'activated' : 'deactivated'}=${id}`)
}

export default function Budgets() {
  const { budgets, forecasts, inFlight } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
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
      <Pending>
        <section className="card overflow-hidden" aria-label="Budgets">
          {budgets.length === 0 ? (
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
            <BudgetTable budgets={budgets} forecasts={forecasts} inFlight={inFlight} />
          )}
        </section>
      </Pending>
    </>
  )
}
