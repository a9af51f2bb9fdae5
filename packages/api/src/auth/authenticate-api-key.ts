import { type Db, findApiKeyByPrefix, markApiKeyUsed } from '@tokenledger/db'
import { apiKeyMatches, apiKeyPrefix, hashApiKey } from '@tokenledger/domain'
import { AppError } from '../app-error'
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
  const key = prefix ? await findApiKeyByPrefix(db, prefix) : null
  if (!key || key.revokedAt || !apiKeyMatches(token, key.keyHash)) {
    throw new AppError('INVALID_API_KEY', 'the API key is invalid or revoked')
  }
  // Touch last_used_at at most once a minute: not a write per request.
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await markApiKeyUsed(db, key.id)
  }
  const identity = { apiKeyId: key.id, organizationId: key.organizationId }
  cache?.set(keyHash, identity, Date.now())
  return identity
}
