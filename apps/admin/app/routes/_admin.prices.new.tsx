import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { saveCustomPrice } from '@tokenledger/db'
import { Breadcrumbs } from '../components/breadcrumbs'
import { PriceForm } from '../components/price-form'
import { PageHeader } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { priceValues, readPriceForm, saveErrors } from '../lib/price-form'

export const meta: MetaFunction = () => [{ title: 'New price · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  // Prefilled from the unpriced-models list ("add a custom price").
  const query = new URL(request.url).searchParams
  return {
    values: { ...priceValues(), provider: query.get('provider') ?? '', model: query.get('model') ?? '' },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const parsed = readPriceForm(await request.formData())
  if (!parsed.ok) return data({ values: parsed.values, errors: parsed.errors }, { status: 400 })
  const saved = await saveCustomPrice(context.db, parsed.fields)
  if (!saved.ok) return data({ values: parsed.values, errors: saveErrors(saved) }, { status: 400 })
  return redirect(`/prices?saved=${saved.id}`)
}

export default function NewPrice() {
  const { values } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <Breadcrumbs parent={{ to: '/prices', label: 'Prices' }} current="New" />
      <PageHeader title="New price" />
      <PriceForm values={result?.values ?? values} errors={result?.errors} submitLabel="Create price" />
    </>
  )
}
