import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import {
  alertSummary,
  findBudgetWithState,
  listBudgetScopes,
  listRecentAlerts,
  updateBudget,
} from '@tokenledger/db'
import { Breadcrumbs } from '../components/breadcrumbs'
import { BudgetForm, type BudgetFormValues } from '../components/budget-form'
import { BudgetAlertHistory } from '../components/budgets/budget-alert-history'
import { BudgetForecastLine } from '../components/budgets/budget-forecast-line'
import { InFlightReservations } from '../components/budgets/in-flight'
import { ExternalIdChip } from '../components/external-id'
import { PageHeader } from '../components/shell'
import { Badge, UsageBar } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { readBudgetFields, readBudgetTarget, sentBudgetValues, toBudgetRow } from '../lib/budgets.server'
import { loadBudgetForecasts } from '../lib/forecasts.server'
import { formatPercent } from '../lib/format'
import { externalIdBeside } from '../lib/labels'
import { loadReservationsInFlight } from '../lib/reservations.server'

const PERIOD_NOUNS: Record<string, string> = {
  monthly: 'This month',
  weekly: 'This week',
  daily: 'Today',
}

/** How many of a budget's alerts its page lists (newest first). */
const ALERT_HISTORY_LIMIT = 50

export const meta: MetaFunction = () => [{ title: 'Edit budget · Tokenledger' }]

async function findBudget(context: LoaderFunctionArgs['context'], idParam: string | undefined) {
  const budget = await findBudgetWithState(context.db, Number(idParam), context.now())
  if (!budget) throw data({ message: 'No such budget.' }, { status: 404 })
  return budget
}

/** The budget's organization only: its scope may move inside it, not out of it. */
async function scopesOf(context: LoaderFunctionArgs['context'], organizationId: number) {
  return (await listBudgetScopes(context.db)).filter((o) => o.id === organizationId)
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const budget = await findBudget(context, params.id)
  const [forecasts, scopes, alerts, inFlight] = await Promise.all([
    loadBudgetForecasts(context.db, context.now(), [budget.id]),
    scopesOf(context, budget.organizationId),
    listRecentAlerts(context.db, ALERT_HISTORY_LIMIT, {
      organizationId: budget.organizationId,
      budgetId: budget.id,
    }),
    loadReservationsInFlight(context.db, [budget.id], context.now()),
  ])
  const row = toBudgetRow(budget)
  const values: BudgetFormValues = {
    organizationId: String(budget.organizationId),
    scope: row.scope,
    userId: budget.userId == null || budget.userExternalId ? '' : String(budget.userId),
    // An app's user is not in the member list: named by its own id, which finds the same user.
    userExternalId: budget.userExternalId ?? '',
    projectId: budget.projectId == null ? '' : String(budget.projectId),
    apiKeyId: budget.apiKeyId == null ? '' : String(budget.apiKeyId),
    period: row.period,
    timeZone: row.timeZone,
    monthlyLimit: budget.monthlyLimit ?? '',
    warningThreshold: String(Number(budget.warningThreshold)),
    allowOverride: budget.allowOverride,
    isActive: budget.isActive,
  }
  return {
    budget: row,
    forecast: forecasts[budget.id] ?? null,
    scopes,
    values,
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      summary: alertSummary(a),
      createdAt: a.createdAt,
      dispatchedAt: a.dispatchedAt,
      deliveries: a.deliveries,
    })),
    inFlight: inFlight[budget.id] ?? null,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const budget = await findBudget(context, params.id)
  const form = await request.formData()
  const fields = readBudgetFields(form)
  // The organization is the budget's, whatever the form says.
  form.set('organizationId', String(budget.organizationId))
  const values = sentBudgetValues(form, fields)
  const target = await readBudgetTarget(context.db, form)
  if (!target.ok) return data({ values, errors: target.errors }, { status: 400 })
  const { userId, projectId, apiKeyId, period, timeZone } = target.target
  const result = await updateBudget(context.db, budget.id, {
    ...fields,
    scope: { userId, projectId, apiKeyId },
    period,
    timeZone,
  })
  if (!result.ok) return data({ values, errors: result.errors }, { status: 400 })
  return redirect(`/budgets?saved=${budget.id}`)
}

export default function EditBudget() {
  const { budget, forecast, scopes, values, alerts, inFlight } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const externalId = budget.scope === 'user' ? externalIdBeside(budget.name, budget.userExternalId) : null
  const who =
    budget.scope === 'organization' ? (
      budget.organizationName
    ) : (
      <>
        {[budget.name, budget.userEmail && `(${budget.userEmail})`].filter(Boolean).join(' ')}
        <ExternalIdChip value={externalId} /> in {budget.organizationName}
      </>
    )
  const current = PERIOD_NOUNS[budget.period] ?? 'This month'
  return (
    <>
      <Breadcrumbs parent={{ to: '/budgets', label: 'Budgets' }} current="Edit" />
      <PageHeader
        title="Edit budget"
        description={
          <>
            {who} · {budget.period} ({budget.timeZone})
          </>
        }
      />
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
        <p className="mt-2 text-sm tabular-nums text-gray-600" data-testid="budget-counter">
          {budget.usage} of {budget.limit ?? 'no limit'} · {formatPercent(budget.percent)}
        </p>
        {forecast && (
          <BudgetForecastLine forecast={forecast} period={budget.period} limited={budget.limit != null} />
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
        scopes={scopes}
        organizationName={budget.organizationName}
        values={result?.values ?? values}
        errors={result?.errors}
        submitLabel="Save budget"
      />
      <BudgetAlertHistory alerts={alerts} />
    </>
  )
}
