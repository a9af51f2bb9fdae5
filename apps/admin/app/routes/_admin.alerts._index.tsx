import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import {
  alertSummary,
  createChannel,
  deleteChannel,
  listChannels,
  listRecentAlerts,
  setChannelActive,
} from '@tokenledger/db'
import { AlertEntry } from '../components/alerts/alert-entry'
import { FormField } from '../components/form-field'
import { PageHeader, Pending } from '../components/shell'
import { Badge } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'

export const meta: MetaFunction = () => [{ title: 'Alerts · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const [channels, alerts] = await Promise.all([listChannels(context.db), listRecentAlerts(context.db, 50)])
  return {
    channels,
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      summary: alertSummary(a),
      createdAt: a.createdAt,
      dispatchedAt: a.dispatchedAt,
      deliveries: a.deliveries,
    })),
  }
}

/** Create a channel (its secret is shown once, in this response), switch one on or off, delete one. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const form = await request.formData()
  const intent = form.get('intent')
  if (intent === 'create') {
    const input = {
      kind: String(form.get('kind') ?? ''),
      name: String(form.get('name') ?? ''),
      target: String(form.get('target') ?? ''),
    }
    const result = await createChannel(context.db, input)
    if (!result.ok) return data({ errors: result.errors, values: input, created: null }, { status: 400 })
    return {
      errors: null,
      values: null,
      created: { id: result.channel.id, name: result.channel.name, secret: result.secret },
    }
  }
  const id = Number(form.get('channelId'))
  if (!Number.isSafeInteger(id)) throw data({ message: 'No such channel.' }, { status: 404 })
  const found =
    intent === 'delete'
      ? await deleteChannel(context.db, id)
      : intent === 'enable' || intent === 'disable'
        ? await setChannelActive(context.db, id, intent === 'enable')
        : null
  if (found === null) throw data({ message: 'Unknown action.' }, { status: 400 })
  if (!found) throw data({ message: 'No such channel.' }, { status: 404 })
  return { errors: null, values: null, created: null }
}

export default function Alerts() {
  const { channels, alerts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const saving = useNavigation().state === 'submitting'
  const errors = result?.errors ?? {}
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Budgets tell these channels when they reach their warning, their limit, an override, or a forecast says they will run out; organizations, when a day's spend is unusual."
      />
      {result?.created && (
        <div
          role="status"
          className="mb-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200"
        >
          <p className="font-medium">Channel “{result.created.name}” created.</p>
          {result.created.secret && (
            <p className="mt-1">
              Signing secret, shown only now:{' '}
              <code
                className="break-all rounded bg-white px-1.5 py-0.5 font-mono"
                data-testid="channel-secret"
              >
                {result.created.secret}
              </code>
            </p>
          )}
        </div>
      )}
      <Pending>
        <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-3">
          <section className="card overflow-hidden xl:col-span-2" aria-label="Channels">
            <h2 className="border-b border-gray-100 px-5 py-3 text-sm font-semibold text-gray-900">
              Channels
            </h2>
            {channels.length === 0 ? (
              <p className="px-5 py-8 text-center text-sm text-gray-500">
                No channels yet: alerts are recorded but go nowhere.
              </p>
            ) : (
              <table className="min-w-full divide-y divide-gray-200" data-testid="channels-table">
                <tbody className="divide-y divide-gray-100 bg-white">
                  {channels.map((c) => (
                    <tr key={c.id} data-testid="channel-row" className={c.isActive ? '' : 'text-gray-400'}>
                      <td className="td whitespace-normal">
                        <p className="font-medium text-gray-900">{c.name}</p>
                        <p className="break-all text-xs text-gray-500">
                          {c.kind} · {c.target}
                        </p>
                      </td>
                      <td className="td">
                        <Badge tone={c.isActive ? 'ok' : 'inactive'}>{c.isActive ? 'on' : 'off'}</Badge>
                      </td>
                      <td className="td text-right">
                        <Form method="post" className="flex justify-end gap-2">
                          <input type="hidden" name="channelId" value={c.id} />
                          <button
                            type="submit"
                            name="intent"
                            value={c.isActive ? 'disable' : 'enable'}
                            className="btn-secondary px-2.5 py-1.5 text-xs"
                          >
                            {c.isActive ? 'Turn off' : 'Turn on'}
                          </button>
                          <button
                            type="submit"
                            name="intent"
                            value="delete"
                            className="btn-secondary px-2.5 py-1.5 text-xs"
                            aria-label={`Delete the channel ${c.name}`}
                          >
                            Delete
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          {/* A new key after each creation empties the form, so a second submit cannot repeat it. */}
          <Form
            key={result?.created ? `created-${result.created.id}` : 'new'}
            method="post"
            className="card space-y-4 p-5"
            noValidate
            aria-label="New channel"
          >
            <h2 className="text-sm font-semibold text-gray-900">New channel</h2>
            <input type="hidden" name="intent" value="create" />
            <FormField label="Kind" name="kind" error={errors.kind}>
              {(props) => (
                <select {...props} className="input" defaultValue={result?.values?.kind ?? 'webhook'}>
                  <option value="webhook">Webhook (signed JSON POST)</option>
                  <option value="email">Email (SMTP)</option>
                </select>
              )}
            </FormField>
            <FormField label="Name" name="name" error={errors.name}>
              {(props) => <input {...props} className="input" defaultValue={result?.values?.name ?? ''} />}
            </FormField>
            <FormField
              label="URL or email addresses"
              name="target"
              error={errors.target}
              help="A webhook's https:// URL, or addresses separated by commas."
            >
              {(props) => <input {...props} className="input" defaultValue={result?.values?.target ?? ''} />}
            </FormField>
            <button type="submit" className="btn-primary" disabled={saving}>
              Create channel
            </button>
          </Form>
        </div>

        <section className="card mt-6 overflow-hidden" aria-label="Recent alerts">
          <h2 className="border-b border-gray-100 px-5 py-3 text-sm font-semibold text-gray-900">
            Recent alerts
          </h2>
          {alerts.length === 0 ? (
            <p className="px-5 py-8 text-center text-sm text-gray-500">No alerts yet.</p>
          ) : (
            <ul className="divide-y divide-gray-100" data-testid="alerts-list">
              {alerts.map((a) => (
                <AlertEntry key={a.id} alert={a} />
              ))}
            </ul>
          )}
        </section>
      </Pending>
    </>
  )
}
