import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { type CustomPrice, findCustomPrice, saveCustomPrice } from '@tokenledger/db'
import { Breadcrumbs } from '../components/breadcrumbs'
import { PriceForm } from '../components/price-form'
import { PageHeader } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { priceValues, readPriceForm, saveErrors } from '../lib/price-form'

export const meta: MetaFunction = () => [{ title: 'Edit price · Tokenledger' }]

async function findPrice(
  context: LoaderFunctionArgs['context'],
  idParam: string | undefined,
): Promise<CustomPrice> {
  const row = await findCustomPrice(context.db, Number(idParam))
  if (!row) throw data({ message: 'No such price.' }, { status: 404 })
  return row
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const row = await findPrice(context, params.id)
  return { id: row.id, label: `${row.provider} / ${row.model}`, values: priceValues(row) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const row = await findPrice(context, params.id)
  const parsed = readPriceForm(await request.formData())
  if (!parsed.ok) return data({ values: parsed.values, errors: parsed.errors }, { status: 400 })
  const saved = await saveCustomPrice(context.db, parsed.fields, row.id)
  if (!saved.ok) return data({ values: parsed.values, errors: saveErrors(saved) }, { status: 400 })
  return redirect(`/prices?saved=${saved.id}`)
}

export default function EditPrice() {
  const { label, values } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <Breadcrumbs parent={{ to: '/prices', label: 'Prices' }} current="Edit" />
      <PageHeader
        title="Edit price"
        description={`${label}. Calls already logged keep the prices they were costed with.`}
      />
      <PriceForm values={result?.values ?? values} errors={result?.errors} submitLabel="Save price" />
    </>
  )
}
