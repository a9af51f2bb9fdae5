import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import {
  deleteProviderKey,
  type KeyProvider,
  listOrganizationsWithProviderKeys,
  MasterKeyError,
  ProviderKeyInputError,
  setProviderKey,
  sharedMasterKey,
} from '@tokenledger/db'
import { ErrorAlert, SuccessNotice } from '../components/alerts'
import { PageHeader, Pending } from '../components/shell'
import { Badge } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDateTime } from '../lib/format'
import { readProviderKeyForm } from '../lib/provider-key-form.server'

export const meta: MetaFunction = () => [{ title: 'Provider keys · Tokenledger' }]

// Spelled out here: the page's browser bundle must not import @tokenledger/db.
const KEY_PROVIDERS = ['openai', 'anthropic'] as const satisfies readonly KeyProvider[]
const LABELS: Record<KeyProvider, string> = { openai: 'OpenAI', anthropic: 'Anthropic' }

/** Only hints leave the server: the page never receives a key, not even the one just typed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const organizations = await listOrganizationsWithProviderKeys(context.db)
  return {
    organizations: organizations.map((org) => ({
      id: org.id,
      name: org.name,
      slug: org.slug,
      keys: Object.fromEntries(
        org.keys.map((k) => [
          k.provider,
          { hint: k.hint, setAt: k.rotatedAt ?? k.createdAt, rotated: !!k.rotatedAt },
        ]),
      ) as Partial<Record<KeyProvider, { hint: string; setAt: Date; rotated: boolean }>>,
    })),
  }
}

type Outcome = { ok: boolean; message: string; organizationId?: number; provider?: KeyProvider }

/** Set or rotate (the same: the new key replaces the old) or delete one organization's key. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireSuperAdmin(request, context)
  const parsed = readProviderKeyForm(await request.formData())
  if (!parsed.ok) return data<Outcome>({ ok: false, message: parsed.error }, { status: 400 })
  const { organizationId, provider } = parsed.request
  const where = { organizationId, provider }
  const label = `the ${LABELS[provider]} key`
  if (parsed.request.intent === 'delete') {
    const deleted = await deleteProviderKey(context.db, organizationId, provider)
    return data<Outcome>({
      ok: true,
      message: deleted
        ? `Deleted ${label}: gateway calls without x-provider-authorization are refused now.`
        : `There was no ${LABELS[provider]} key to delete.`,
      ...where,
    })
  }
  try {
    const saved = await setProviderKey(context.db, await sharedMasterKey(), {
      organizationId,
      provider,
      key: parsed.request.key,
    })
    if (!saved) return data<Outcome>({ ok: false, message: 'No such organization.' }, { status: 404 })
    return data<Outcome>({
      ok: true,
      message: `${saved.rotated ? 'Rotated' : 'Saved'} ${label} (${saved.hint}). The gateway uses it within 30 seconds.`,
      ...where,
    })
  } catch (error) {
    if (error instanceof ProviderKeyInputError)
      return data<Outcome>({ ok: false, message: `Not saved: ${error.message}.`, ...where }, { status: 400 })
    if (error instanceof MasterKeyError)
      return data<Outcome>({ ok: false, message: `Not saved: ${error.message}.`, ...where }, { status: 500 })
    throw error
  }
}

export default function ProviderKeys() {
  const { organizations } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const nameOf = (id: number | undefined) => organizations.find((o) => o.id === id)?.name ?? 'Organization'
  return (
    <>
      <PageHeader
        title="Provider keys"
        description="An organization's own OpenAI and Anthropic keys, stored encrypted, for gateway calls that do not send x-provider-authorization (a key in that header always wins). Only the last four characters are ever shown."
      />
      {outcome?.ok && (
        <SuccessNotice>
          {nameOf(outcome.organizationId)}: {outcome.message}
        </SuccessNotice>
      )}
      {outcome && !outcome.ok && (
        <ErrorAlert className="mb-4">
          {outcome.organizationId ? `${nameOf(outcome.organizationId)}: ` : ''}
          {outcome.message}
        </ErrorAlert>
      )}
      <Pending>
        <section className="card overflow-hidden" aria-label="Provider keys by organization">
          {organizations.length === 0 ? (
            <p className="px-6 py-16 text-center text-sm text-gray-500">No organizations yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-gray-200" data-testid="provider-keys-table">
                <thead className="bg-gray-50">
                  <tr>
                    <th className="th">Organization</th>
                    {KEY_PROVIDERS.map((provider) => (
                      <th key={provider} className="th">
                        {LABELS[provider]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {organizations.map((org) => (
                    <tr key={org.id} data-testid="provider-keys-row" data-organization={org.slug}>
                      <td className="td align-top">
                        <p className="font-medium text-gray-900">{org.name}</p>
                        <p className="text-xs text-gray-500">{org.slug}</p>
                      </td>
                      {KEY_PROVIDERS.map((provider) => {
                        const stored = org.keys[provider]
                        const id = `key-${org.id}-${provider}`
                        return (
                          <td key={provider} className="td align-top" data-testid={`key-${provider}`}>
                            <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
                              {stored ? (
                                <>
                                  <Badge tone="ok">set</Badge>
                                  <code className="font-mono text-gray-900" data-testid="key-hint">
                                    {stored.hint}
                                  </code>
                                  <span className="text-xs text-gray-500">
                                    {stored.rotated ? 'rotated' : 'set'} {formatDateTime(stored.setAt)}
                                  </span>
                                </>
                              ) : (
                                <Badge tone="inactive">not set</Badge>
                              )}
                            </div>
                            {/* Keyed by the hint, so the field empties once a key is saved. */}
                            <Form
                              key={stored?.hint ?? 'none'}
                              method="post"
                              className="flex flex-wrap items-center gap-2"
                              autoComplete="off"
                            >
                              <input type="hidden" name="organizationId" value={org.id} />
                              <input type="hidden" name="provider" value={provider} />
                              <label htmlFor={id} className="sr-only">
                                {`${stored ? 'New' : ''} ${LABELS[provider]} key for ${org.name}`.trim()}
                              </label>
                              <input
                                id={id}
                                name="key"
                                type="password"
                                autoComplete="off"
                                spellCheck={false}
                                placeholder={stored ? 'new key' : `${LABELS[provider]} key`}
                                className="input w-48 py-1.5 text-sm"
                              />
                              <button
                                type="submit"
                                name="intent"
                                value="save"
                                className="btn-primary px-2.5 py-1.5 text-xs"
                                disabled={busy}
                              >
                                {stored ? 'Rotate' : 'Save'}
                              </button>
                              {stored && (
                                <button
                                  type="submit"
                                  name="intent"
                                  value="delete"
                                  className="btn-secondary px-2.5 py-1.5 text-xs"
                                  aria-label={`Delete ${org.name}'s ${LABELS[provider]} key`}
                                  disabled={busy}
                                >
                                  Delete
                                </button>
                              )}
                            </Form>
                          </td>
                        )
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </Pending>
    </>
  )
}
