import type { NewApiKey } from '@tokenledger/domain'
import type { Db } from '../knex'
import { ApiKey } from '../models/api-key'
import { Organization } from '../models/organization'

/** What the api needs to verify a presented key: its hash to compare, and whether it still works. */
export interface ApiKeyForAuth {
  id: number
  organizationId: number
  keyHash: string
  revokedAt: Date | null
  lastUsedAt: Date | null
}

export interface ApiKeySummary {
  id: number
  name: string
  prefix: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

/** Stores a new key (its hash only) for the organization with this slug; null when there is none. */
export async function createApiKeyForOrganization(
  db: Db,
  input: { organizationSlug: string; name: string; key: NewApiKey },
): Promise<{ id: number; organizationName: string } | null> {
  const org = await Organization.query(db).findOne({ slug: input.organizationSlug }).select('id', 'name')
  if (!org) return null
  const key = await ApiKey.query(db)
    .insert({ organization_id: org.id, name: input.name, prefix: input.key.prefix, key_hash: input.key.hash })
    .returning('id')
  return { id: key.id, organizationName: org.name }
}

/** Revokes the active key with this prefix; returns its name, or null when no active key has it. */
export async function revokeApiKey(db: Db, prefix: string): Promise<{ id: number; name: string } | null> {
  const [revoked] = await ApiKey.query(db)
    .where({ prefix })
    .whereNull('revoked_at')
    .patch({ revoked_at: db.fn.now() })
    .returning(['id', 'name'])
  return revoked ? { id: revoked.id, name: revoked.name } : null
}

/** An organization's keys, newest first, revoked ones included (never their hashes). */
export async function listApiKeys(db: Db, organizationId: number): Promise<ApiKeySummary[]> {
  const rows = await ApiKey.query(db)
    .where({ organization_id: organizationId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select('id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at')
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }))
}

/**
 * The key stored under this prefix (the public part of a presented key), for the caller to compare
 * hashes in constant time; prefixes are unique, so a lookup is one index probe.
 */
export async function findApiKeyByPrefix(db: Db, prefix: string): Promise<ApiKeyForAuth | null> {
  const row = await ApiKey.query(db)
    .findOne({ prefix })
    .select('id', 'organization_id', 'key_hash', 'revoked_at', 'last_used_at')
  if (!row) return null
  return {
    id: row.id,
    organizationId: row.organization_id,
    keyHash: row.key_hash,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }
}

/** Records that a key was used now; callers throttle it (not a write per request). */
export async function markApiKeyUsed(db: Db, id: number): Promise<void> {
  await ApiKey.query(db).findById(id).patch({ last_used_at: db.fn.now() })
}
