import type { Db } from '../knex'
import { deriveKey } from './master-key'
import { type KeyProvider, normaliseProviderKey, providerKeyHint } from './provider-key-text'
import { open, seal } from './seal'

/** Rows sealed with `deriveKey(master, 'provider-keys v1')`. */
const KEY_VERSION = 1
const PURPOSE = 'provider-keys v1'

/** A stored key as the admin shows it: never the key, only its hint. */
export interface ProviderKeySummary {
  organizationId: number
  provider: KeyProvider
  hint: string
  createdAt: Date
  rotatedAt: Date | null
}

/** Binds a ciphertext to its row's organization and provider (GCM additional data). */
function context(organizationId: number, provider: KeyProvider): string {
  return `provider-key:${organizationId}:${provider}`
}

/**
 * Stores (or replaces: a rotation) the organization's key for `provider`, encrypted; null when the
 * organization does not exist. Throws `ProviderKeyInputError` for a key that cannot be a provider key.
 */
export async function setProviderKey(
  db: Db,
  masterKey: Buffer,
  input: { organizationId: number; provider: KeyProvider; key: string },
): Promise<{ hint: string; rotated: boolean } | null> {
  const key = normaliseProviderKey(input.key)
  const sealed = seal(deriveKey(masterKey, PURPOSE), key, context(input.organizationId, input.provider))
  const hint = providerKeyHint(key)
  const insert = db('provider_keys')
    .insert({
      organization_id: input.organizationId,
      provider: input.provider,
      ciphertext: sealed.ciphertext,
      nonce: sealed.nonce,
      auth_tag: sealed.authTag,
      key_version: KEY_VERSION,
      hint,
    })
    .onConflict(['organization_id', 'provider'])
    .merge({
      ciphertext: sealed.ciphertext,
      nonce: sealed.nonce,
      auth_tag: sealed.authTag,
      key_version: KEY_VERSION,
      hint,
      rotated_at: db.fn.now(),
    })
    .returning(db.raw('rotated_at is not null as rotated'))
  let rows: Array<{ rotated: boolean }>
  try {
    rows = await insert
  } catch (error) {
    // 23503: the organization is gone (or never was).
    if ((error as { code?: string }).code === '23503') return null
    throw error
  }
  return { hint, rotated: Boolean(rows[0]?.rotated) }
}

/**
 * The organization's key for `provider` in plaintext, or null when none is stored. Only the
 * gateway's key lookup calls this (see docs/security.md); a key that does not decrypt throws
 * `SecretUnreadableError`, never returns garbage.
 */
export async function findProviderKey(
  db: Db,
  masterKey: Buffer,
  organizationId: number,
  provider: KeyProvider,
): Promise<string | null> {
  const row = await db('provider_keys')
    .where({ organization_id: organizationId, provider })
    .first<{ ciphertext: Buffer; nonce: Buffer; auth_tag: Buffer } | undefined>(
      'ciphertext',
      'nonce',
      'auth_tag',
    )
  if (!row) return null
  return open(
    deriveKey(masterKey, PURPOSE),
    { ciphertext: row.ciphertext, nonce: row.nonce, authTag: row.auth_tag },
    context(organizationId, provider),
    `the stored ${provider} key of organization ${organizationId}`,
  )
}

/** Hints of the stored keys (of one organization, or all), by organization then provider. */
export async function listProviderKeys(db: Db, organizationId?: number): Promise<ProviderKeySummary[]> {
  const query = db('provider_keys')
    .select('organization_id', 'provider', 'hint', 'created_at', 'rotated_at')
    .orderBy(['organization_id', 'provider'])
  if (organizationId !== undefined) query.where({ organization_id: organizationId })
  const rows = await query
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    provider: row.provider,
    hint: row.hint,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
  }))
}

/** Removes the organization's key for `provider`; false when there was none. */
export async function deleteProviderKey(
  db: Db,
  organizationId: number,
  provider: KeyProvider,
): Promise<boolean> {
  const deleted = await db('provider_keys').where({ organization_id: organizationId, provider }).delete()
  return deleted > 0
}

/** Every organization, by name, with the hints of its stored keys: the admin's provider-keys page. */
export async function listOrganizationsWithProviderKeys(
  db: Db,
): Promise<Array<{ id: number; name: string; slug: string; keys: ProviderKeySummary[] }>> {
  const [organizations, keys] = await Promise.all([
    db('organizations').select('id', 'name', 'slug').orderBy(['name', 'id']),
    listProviderKeys(db),
  ])
  return organizations.map((org: { id: number | string; name: string; slug: string }) => ({
    id: Number(org.id),
    name: org.name,
    slug: org.slug,
    keys: keys.filter((key) => key.organizationId === Number(org.id)),
  }))
}
