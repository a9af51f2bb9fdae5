import { apiKeyMatches, generateApiKey } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import {
  createApiKeyForOrganization,
  findApiKeyByPrefix,
  listApiKeys,
  markApiKeyUsed,
  revokeApiKey,
} from './api-keys'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

describe('api keys', () => {
  it('creates a key by organization slug and finds it by its prefix, storing only the hash', async () => {
    const tenant = await createTenant(db, 'Keys Create')
    const key = generateApiKey()
    const created = await createApiKeyForOrganization(db, {
      organizationSlug: tenant.slug,
      name: 'ci',
      key,
    })
    expect(created).toEqual({ id: expect.any(Number), organizationName: 'Keys Create' })
    const found = await findApiKeyByPrefix(db, key.prefix)
    expect(found).toMatchObject({ id: created?.id, organizationId: tenant.organizationId, revokedAt: null })
    expect(found?.keyHash).not.toContain(key.key)
    expect(apiKeyMatches(key.key, found?.keyHash ?? '')).toBe(true)
  })

  it('refuses an unknown organization and finds no unknown prefix', async () => {
    const key = generateApiKey()
    expect(
      await createApiKeyForOrganization(db, { organizationSlug: 'no-such-org', name: 'x', key }),
    ).toBeNull()
    expect(await findApiKeyByPrefix(db, key.prefix)).toBeNull()
  })

  it('revokes an active key once', async () => {
    const tenant = await createTenant(db, 'Keys Revoke')
    const key = generateApiKey()
    await createApiKeyForOrganization(db, { organizationSlug: tenant.slug, name: 'to revoke', key })
    expect(await revokeApiKey(db, key.prefix)).toMatchObject({ name: 'to revoke' })
    expect(await revokeApiKey(db, key.prefix)).toBeNull()
    expect((await findApiKeyByPrefix(db, key.prefix))?.revokedAt).toBeInstanceOf(Date)
  })

  it('lists an organization’s keys newest first, without hashes, and records use', async () => {
    const tenant = await createTenant(db, 'Keys List')
    const other = await createTenant(db, 'Keys List Other')
    const second = await createApiKeyForOrganization(db, {
      organizationSlug: tenant.slug,
      name: 'second',
      key: generateApiKey(),
    })
    await markApiKeyUsed(db, tenant.apiKeyId)
    const keys = await listApiKeys(db, tenant.organizationId)
    expect(keys.map((k) => k.id)).toEqual([second?.id, tenant.apiKeyId])
    expect(keys[1]?.lastUsedAt).toBeInstanceOf(Date)
    expect(keys[0]?.lastUsedAt).toBeNull()
    expect(Object.keys(keys[0] ?? {})).not.toContain('keyHash')
    expect((await listApiKeys(db, other.organizationId)).map((k) => k.id)).toEqual([other.apiKeyId])
  })
})
