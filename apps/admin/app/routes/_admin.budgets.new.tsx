import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { createBudget, listBudgetScopes } from '@tokenledger/db'
import { Breadcrumbs } from '../components/breadcrumbs'
import { BudgetForm } from '../components/budget-form'
import { PageHeader } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import {
  configuredBudgetTimeZone,
  newBudgetValues,
  readBudgetFields,
  readBudgetTarget,
  sentBudgetValues,
} from '../lib/budgets.server'

export const meta: MetaFunction = () => [{ title: 'New budget · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const organization = new URL(request.url).searchParams.get('organization') ?? ''
  return {
    scopes: await listBudgetScopes(context.db),
    initial: newBudgetValues(organization, configuredBudgetTimeZone()),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const form = await request.formData()
  const fields = readBudgetFields(form)
  const values = sentBudgetValues(form, fields)
  const target = await readBudgetTarget(context.db, form)
  if (!target.ok) return data({ values, errors: target.errors }, { status: 400 })
  const result = await createBudget(context.db, { ...fields, ...target.target })
  if (!result.ok) return data({ values, errors: result.errors }, { status: 400 })
  return redirect(`/budgets?created=${result.budget.id}`)
}

export default function NewBudget() {
  const { scopes, initial } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <Breadcrumbs parent={{ to: '/budgets', label: 'Budgets' }} current="New" />
      <PageHeader
        title="New budget"
        description="One budget per organization, user, project or API key, and per period."
      />
      <BudgetForm
        scopes={scopes}
        values={result?.values ?? initial}
        errors={result?.errors}
        submitLabel="Create budget"
      />
    </>
  )
}
