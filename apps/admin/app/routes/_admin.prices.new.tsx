import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ChevronRightIcon } from '../components/icons'
import { PriceForm } from '../components/price-form'
import { PageHeader } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { priceValues, readPriceForm, savePrice } from '../lib/prices.server'

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
  const saved = await savePrice(context.db, parsed.row)
  if (!saved.ok) return data({ values: parsed.values, errors: saved.errors }, { status: 400 })
  return redirect(`/prices?saved=${saved.id}`)
}

export default function NewPrice() {
  const { values } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <nav className="mb-2 text-sm text-gray-500" aria-label="Breadcrumb">
        <Link to="/prices" className="hover:text-gray-700">
          Prices
        </Link>
        <ChevronRightIcon className="mx-1 inline h-3.5 w-3.5" />
        <span>New</span>
      </nav>
      <PageHeader title="New price" />
      <PriceForm values={result?.values ?? values} errors={result?.errors} submitLabel="Create price" />
    </>
  )
}
