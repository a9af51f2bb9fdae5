import type { Db } from '@tokenledger/db'
import { apiKeyMatches, apiKeyPrefix, hashApiKey } from '@tokenledger/domain'
import { AppError } from '../errors'
import type { ApiKeyCache } from './api-key-cache'

export interface ApiKeyIdentity {
  apiKeyId: number
  organizationId: number
}

/** Resolves a bearer token to its organization; refuses missing, malformed, unknown and revoked keys alike. */
export async function authenticateApiKey(
  db: Db,
  token: string | null,
  cache?: ApiKeyCache,
): Promise<ApiKeyIdentity> {
  if (!token)
    throw new AppError('MISSING_API_KEY', 'an organization API key is required: Authorization: Bearer tl_…')
  const keyHash = hashApiKey(token)
  const cached = cache?.get(keyHash, Date.now())
  if (cached) return cached
  const prefix = apiKeyPrefix(token)
  const row = prefix
    ? await db('api_keys').where({ prefix }).first<{
        id: number
        organization_id: number
        key_hash: string
        revoked_at: Date | null
        last_used_at: Date | null
      }>('id', 'organization_id', 'key_hash', 'revoked_at', 'last_used_at')
    : undefined
  if (!row || row.revoked_at || !apiKeyMatches(token, row.key_hash)) {
    throw new AppError('INVALID_API_KEY', 'the API key is invalid or revoked')
  }
  // Touch last_used_at at most once a minute: not a write per request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db('api_keys').where({ id: row.id }).update({ last_used_at: db.fn.now() })
  }
  const identity = { apiKeyId: row.id, organizationId: row.organization_id }
  cache?.set(keyHash, identity, Date.now())
  return identity
}
