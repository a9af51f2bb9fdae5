import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { findBudgetWithState, updateBudget } from '@tokenledger/db'
import { Breadcrumbs } from '../components/breadcrumbs'
import { BudgetForm } from '../components/budget-form'
import { InFlightReservations } from '../components/budgets/in-flight'
import { ExternalIdChip } from '../components/external-id'
import { PageHeader } from '../components/shell'
import { Badge, UsageBar } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { readBudgetFields, toBudgetRow } from '../lib/budgets.server'
import { loadBudgetForecasts } from '../lib/forecasts.server'
import { formatPercent } from '../lib/format'
import { externalIdBeside } from '../lib/labels'
import { loadReservationsInFlight } from '../lib/reservations.server'

const PERIOD_NOUNS: Record<string, string> = {
  monthly: 'This month',
  weekly: 'This week',
  daily: 'Today',
}

export const meta: MetaFunction = () => [{ title: 'Edit budget · Tokenledger' }]

async function findBudget(context: LoaderFunctionArgs['context'], idParam: string | undefined) {
  const budget = await findBudgetWithState(context.db, Number(idParam), context.now())
  if (!budget) throw data({ message: 'No such budget.' }, { status: 404 })
  return budget
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const budget = await findBudget(context, params.id)
  const forecasts = await loadBudgetForecasts(context.db, context.now(), [budget.id])
  const inFlight = await loadReservationsInFlight(context.db, [budget.id], context.now())
  return {
    budget: toBudgetRow(budget),
    forecast: forecasts[budget.id] ?? null,
    inFlight: inFlight[budget.id] ?? null,
    values: {
      period: budget.period ?? 'monthly',
      monthlyLimit: budget.monthlyLimit ?? '',
      warningThreshold: String(Number(budget.warningThreshold)),
      allowOverride: budget.allowOverride,
      isActive: budget.isActive,
    },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const budget = await findBudget(context, params.id)
  const form = await request.formData()
  const fields = readBudgetFields(form)
  const result = await updateBudget(context.db, budget.id, fields)
  if (!result.ok) {
    return data(
      {
        values: {
          period: budget.period ?? 'monthly',
          monthlyLimit: fields.raw.monthlyLimit,
          warningThreshold: fields.warningThreshold,
          allowOverride: fields.allowOverride,
          isActive: fields.isActive,
        },
        errors: result.errors,
      },
      { status: 400 },
    )
  }
  return redirect(`/budgets?saved=${budget.id}`)
}

export default function EditBudget() {
  const { budget, forecast, inFlight, values } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const externalId = budget.scope === 'user' ? externalIdBeside(budget.name, budget.userExternalId) : null
  const who =
    budget.scope === 'organization'
      ? budget.organizationName
      : `${[budget.name, budget.userEmail && `(${budget.userEmail})`, externalId && `· ${externalId}`]
          .filter(Boolean)
          .join(' ')} in ${budget.organizationName}`
  const current = PERIOD_NOUNS[budget.period] ?? 'This month'
  return (
    <>
      <Breadcrumbs parent={{ to: '/budgets', label: 'Budgets' }} current="Edit" />
      <PageHeader title="Edit budget" description={who} />
      <section className="card mb-6 max-w-2xl p-5" aria-label={current}>
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium text-gray-700">{current}</span>
          <Badge tone={budget.state}>{budget.state}</Badge>
        </div>
        <div className="mt-3">
          <UsageBar
            percent={budget.percent}
            threshold={budget.limit == null ? null : budget.threshold}
            state={budget.state}
            label={`Budget use ${current.toLowerCase()}`}
          />
        </div>
        <p className="mt-2 text-sm tabular-nums text-gray-600">
          {budget.usage} of {budget.limit ?? 'no limit'} · {formatPercent(budget.percent)}
        </p>
        {forecast && (
          <p className="mt-1 text-sm tabular-nums text-gray-600" data-testid="budget-forecast">
            Projected month end: <span className="font-semibold text-gray-900">{forecast.projected}</span> (
            {forecast.method})
            {budget.limit != null && forecast.willExceed && forecast.limitReachedOn && (
              <span className="text-rose-600"> · limit reached {forecast.limitReachedOn} at this rate</span>
            )}
          </p>
        )}
      </section>
      <section className="card mb-6 max-w-2xl p-5" aria-label="Reservations in flight">
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium text-gray-700">Reservations in flight</span>
          <span data-testid="budget-in-flight">
            <InFlightReservations inFlight={inFlight ?? undefined} />
          </span>
        </div>
        <p className="mt-1 text-xs text-gray-500">
          Estimates held for calls checked but not yet logged; the check counts them as spent until the call
          is logged or the hold expires.
        </p>
      </section>
      <BudgetForm
        values={result?.values ?? values}
        errors={result?.errors}
        scopeLabel={
          budget.scope === 'organization' ? (
            <>
              <span className="font-medium">{budget.organizationName}</span> · organization budget,{' '}
              {budget.period} ({budget.timeZone})
            </>
          ) : (
            <>
              <span className="font-medium">{budget.name}</span>
              <ExternalIdChip value={externalId} />
              {budget.scope === 'user' && budget.userEmail ? ` (${budget.userEmail})` : ''} in{' '}
              {budget.organizationName} · {budget.scopeLabel.toLowerCase()}, {budget.period} (
              {budget.timeZone})
            </>
          )
        }
        submitLabel="Save budget"
      />
    </>
  )
}
