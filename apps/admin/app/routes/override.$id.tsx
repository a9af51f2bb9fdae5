import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { decideOverride, findOverride, findOverrideParties, loadApplicableBudgets } from '@tokenledger/db'
import { evaluateBudgets } from '@tokenledger/domain'
import { BudgetOverrideContent, type BudgetOverrideData, overrideButtonStyles } from '@tokenledger/ui'
import { ErrorAlert } from '../components/alerts'
import { Logo } from '../components/icons'

// The one page without an admin sign-in: an end user reaches it from a link their app shows, and
// the link's random uuid is the capability (see docs/admin.md). It reads and decides exactly one
// override, the one named by the uuid, for the user the request was made for.

export const meta: MetaFunction = () => [
  { title: 'Confirm going past the budget · Tokenledger' },
  { name: 'robots', content: 'noindex, nofollow' },
]

const PROBLEMS = {
  not_found: 'There is no such request.',
  not_pending: 'This request was already decided.',
  expired: 'This request expired before it was decided.',
  blocked: 'A budget now forbids going past its limit: this request cannot be confirmed.',
} as const

export async function loader({ params, context }: LoaderFunctionArgs) {
  const now = context.now()
  const override = await findOverride(context.db, params.id ?? '', now)
  if (!override) return data({ view: { state: 'unknown' } as BudgetOverrideData }, { status: 404 })
  const [parties, budgets] = await Promise.all([
    findOverrideParties(context.db, override),
    loadApplicableBudgets(context.db, override.organizationId, override.userId),
  ])
  const current = evaluateBudgets(budgets, { now, estimatedCost: override.estimatedCost })
  const view: BudgetOverrideData = {
    state: override.expired ? 'expired' : override.status,
    organizationName: parties.organizationName,
    userName: parties.userName,
    estimatedCost: override.estimatedCost,
    requested: override.check,
    current,
    expiresAt: override.expiresAt,
    decidedAt: override.decidedAt,
  }
  return { view }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const decision = form.get('intent')
  if (decision !== 'confirm' && decision !== 'cancel') {
    return data({ problem: 'Choose Confirm or Cancel.' }, { status: 400 })
  }
  const id = params.id ?? ''
  const result = await decideOverride(context.db, { id, decision, now: context.now() })
  if (result.ok) return redirect(`/override/${id}`, 303)
  return data({ problem: PROBLEMS[result.problem] }, { status: result.problem === 'not_found' ? 404 : 409 })
}

export default function OverridePage() {
  const { view } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const deciding = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  return (
    <main className="min-h-full bg-gray-50 px-4 py-10 sm:py-16">
      <div className="mx-auto w-full max-w-xl">
        <div className="mb-6 flex items-center justify-center gap-2.5">
          <Logo className="h-8 w-8" />
          <span className="text-base font-bold tracking-tight text-gray-900">
            Token<span className="text-indigo-600">ledger</span>
          </span>
        </div>
        <div className="card p-6 sm:p-8">
          <BudgetOverrideContent
            data={view}
            actions={
              <Form method="post" className="flex flex-wrap justify-end gap-2" replace>
                <button
                  type="submit"
                  name="intent"
                  value="cancel"
                  style={overrideButtonStyles.cancel}
                  disabled={Boolean(deciding)}
                  data-testid="override-cancel"
                >
                  {deciding === 'cancel' ? 'Cancelling…' : 'Cancel'}
                </button>
                <button
                  type="submit"
                  name="intent"
                  value="confirm"
                  style={overrideButtonStyles.confirm}
                  disabled={Boolean(deciding)}
                  data-testid="override-confirm"
                >
                  {deciding === 'confirm' ? 'Confirming…' : 'Continue anyway'}
                </button>
              </Form>
            }
          />
          {result?.problem && <ErrorAlert className="mt-4">{result.problem}</ErrorAlert>}
        </div>
        <p className="mt-6 text-center text-xs text-gray-500">
          Your decision is recorded with your name and the time. Amounts in US dollars, this calendar month
          (UTC).
        </p>
      </div>
    </main>
  )
}
