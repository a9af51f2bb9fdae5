import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { gatewayToken, isGatewayToken } from './gateway-token'
import { ProviderKeyInputError } from './provider-key-text'
import {
  deleteProviderKey,
  findProviderKey,
  listOrganizationsWithProviderKeys,
  listProviderKeys,
  setProviderKey,
} from './provider-keys'
import { SecretUnreadableError } from './seal'

const master = randomBytes(32)
const OPENAI_KEY = 'sk-proj-PLANTED0openai0key0for0the0test0Wxyz'
let db: Db
let tenant: Tenant
let other: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Provider Keys')
  other = await createTenant(db, 'Provider Keys Other')
})
afterAll(async () => {
  await db.destroy()
})

describe('provider keys', () => {
  it('stores a key encrypted, shows only its hint, and gives the plaintext back to the lookup', async () => {
    const org = tenant.organizationId
    expect(await findProviderKey(db, master, org, 'openai')).toBeNull()
    expect(
      await setProviderKey(db, master, { organizationId: org, provider: 'openai', key: ` ${OPENAI_KEY}\n` }),
    ).toEqual({ hint: '…Wxyz', rotated: false })
    expect(await findProviderKey(db, master, org, 'openai')).toBe(OPENAI_KEY)
    expect(await findProviderKey(db, master, org, 'anthropic')).toBeNull()
    expect(await findProviderKey(db, master, other.organizationId, 'openai')).toBeNull()

    expect(await listProviderKeys(db, org)).toEqual([
      {
        organizationId: org,
        provider: 'openai',
        hint: '…Wxyz',
        createdAt: expect.any(Date),
        rotatedAt: null,
      },
    ])
    const row = await db('provider_keys').where({ organization_id: org }).first()
    expect(row.key_version).toBe(1)
    // The whole row, bytes read as text, holds no part of the key but the hint.
    const stored =
      JSON.stringify(row) + Buffer.concat([row.ciphertext, row.nonce, row.auth_tag]).toString('latin1')
    expect(stored).not.toContain(OPENAI_KEY.slice(0, 12))
    expect(stored).not.toContain('PLANTED')
  })

  it('rotates: the new key replaces the old, rotated_at is set, one row per provider', async () => {
    const org = tenant.organizationId
    const rotated = await setProviderKey(db, master, {
      organizationId: org,
      provider: 'openai',
      key: 'Bearer sk-second-key-0000-abcd',
    })
    expect(rotated).toEqual({ hint: '…abcd', rotated: true })
    expect(await findProviderKey(db, master, org, 'openai')).toBe('sk-second-key-0000-abcd')
    const [summary] = await listProviderKeys(db, org)
    expect(summary?.rotatedAt).toBeInstanceOf(Date)
    expect(await db('provider_keys').where({ organization_id: org }).count('* as n')).toEqual([{ n: 1 }])
  })

  it('lists every organization’s hints without any key material', async () => {
    await setProviderKey(db, master, {
      organizationId: other.organizationId,
      provider: 'anthropic',
      key: 'sk-ant-api03-other-org-key-9876',
    })
    const all = await listProviderKeys(db)
    const mine = all.filter((k) => [tenant.organizationId, other.organizationId].includes(k.organizationId))
    expect(mine.map((k) => [k.organizationId, k.provider, k.hint])).toEqual([
      [tenant.organizationId, 'openai', '…abcd'],
      [other.organizationId, 'anthropic', '…9876'],
    ])
    expect(JSON.stringify(all)).not.toContain('sk-')

    const organizations = await listOrganizationsWithProviderKeys(db)
    const otherOrg = organizations.find((o) => o.id === other.organizationId)
    expect(otherOrg).toMatchObject({ name: 'Provider Keys Other', slug: other.slug })
    expect(otherOrg?.keys.map((k) => k.hint)).toEqual(['…9876'])
    expect(organizations.find((o) => o.id === tenant.organizationId)?.keys.map((k) => k.provider)).toEqual([
      'openai',
    ])
  })

  it('refuses to open a key under another master key, or a row moved to another organization', async () => {
    await expect(findProviderKey(db, randomBytes(32), tenant.organizationId, 'openai')).rejects.toThrow(
      SecretUnreadableError,
    )
    await expect(findProviderKey(db, randomBytes(32), tenant.organizationId, 'openai')).rejects.toThrow(
      `the stored openai key of organization ${tenant.organizationId} cannot be decrypted`,
    )
    // Someone with write access to the table copies one organization's sealed key to another.
    const source = await db('provider_keys').where({ organization_id: other.organizationId }).first()
    await db('provider_keys').insert({
      organization_id: tenant.organizationId,
      provider: 'anthropic',
      ciphertext: source.ciphertext,
      nonce: source.nonce,
      auth_tag: source.auth_tag,
      hint: source.hint,
    })
    await expect(findProviderKey(db, master, tenant.organizationId, 'anthropic')).rejects.toThrow(
      SecretUnreadableError,
    )
    await deleteProviderKey(db, tenant.organizationId, 'anthropic')
  })

  it('refuses keys that cannot be sent in a header, without echoing them', async () => {
    for (const key of ['short', 'sk-with space-inside-1234', 'sk-ünïcode-key-123456', 'x'.repeat(1001)]) {
      const attempt = setProviderKey(db, master, {
        organizationId: tenant.organizationId,
        provider: 'anthropic',
        key,
      })
      await expect(attempt).rejects.toThrow(ProviderKeyInputError)
      await attempt.catch((error: Error) => expect(error.message).not.toContain(key))
    }
  })

  it('stores nothing for an organization that does not exist', async () => {
    expect(
      await setProviderKey(db, master, {
        organizationId: 2_000_000_000,
        provider: 'openai',
        key: OPENAI_KEY,
      }),
    ).toBeNull()
  })

  it('deletes a key once', async () => {
    expect(await deleteProviderKey(db, tenant.organizationId, 'openai')).toBe(true)
    expect(await deleteProviderKey(db, tenant.organizationId, 'openai')).toBe(false)
    expect(await findProviderKey(db, master, tenant.organizationId, 'openai')).toBeNull()
  })

  it('a row goes with its organization', async () => {
    const doomed = await createTenant(db, 'Provider Keys Doomed')
    await setProviderKey(db, master, {
      organizationId: doomed.organizationId,
      provider: 'openai',
      key: OPENAI_KEY,
    })
    await db('organizations').where({ id: doomed.organizationId }).delete()
    expect(await listProviderKeys(db, doomed.organizationId)).toEqual([])
  })
})

describe('gateway token', () => {
  it('is derived from the master key and checked in constant time', () => {
    const token = gatewayToken(master)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(isGatewayToken(master, token)).toBe(true)
    expect(isGatewayToken(randomBytes(32), token)).toBe(false)
    expect(isGatewayToken(master, `${token}x`)).toBe(false)
    expect(isGatewayToken(master, null)).toBe(false)
  })
})
