import { isKeyProvider, type KeyProvider } from '@tokenledger/db'

/** What one submit of the provider-keys page asks for. */
export type ProviderKeyRequest =
  | { intent: 'save'; organizationId: number; provider: KeyProvider; key: string }
  | { intent: 'delete'; organizationId: number; provider: KeyProvider }

/** The request in a submitted form, or why it cannot be one (the key itself is never repeated). */
export function readProviderKeyForm(
  form: FormData,
): { ok: true; request: ProviderKeyRequest } | { ok: false; error: string } {
  const intent = form.get('intent')
  const organizationId = Number(form.get('organizationId'))
  const provider = form.get('provider')
  if (!Number.isSafeInteger(organizationId) || organizationId < 1)
    return { ok: false, error: 'No such organization.' }
  if (!isKeyProvider(provider)) return { ok: false, error: 'Choose OpenAI or Anthropic.' }
  if (intent === 'delete') return { ok: true, request: { intent, organizationId, provider } }
  if (intent !== 'save') return { ok: false, error: 'Unknown action.' }
  const key = form.get('key')
  if (typeof key !== 'string' || key.trim() === '') return { ok: false, error: 'Paste the key first.' }
  return { ok: true, request: { intent, organizationId, provider, key } }
}
