import { randomBytes } from 'node:crypto'
import { createDb, type Db, gatewayToken, setProviderKey } from '@tokenledger/db'
import { createTenant, createTestDatabase, type Tenant, type TestDatabase } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFactory } from '../context'
import { appRouter } from '.'

let database: TestDatabase
let db: Db
let tenant: Tenant
let other: Tenant
const master = randomBytes(32)
const KEY = 'sk-proj-stored-for-the-gateway-1234'

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  tenant = await createTenant(db, 'Gateway Keys')
  other = await createTenant(db, 'Gateway Keys Other')
  await setProviderKey(db, master, { organizationId: tenant.organizationId, provider: 'openai', key: KEY })
})
afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

function caller(headers: Record<string, string>, masterKey = master) {
  const context = contextFactory({ db, masterKey: async () => masterKey, trustProxy: false })
  return appRouter.createCaller(context({ req: { headers } }))
}

describe('gateway.providerKey', () => {
  it('gives the gateway the plaintext key of the API key’s organization, null when none is stored', async () => {
    const gateway = { 'x-tokenledger-gateway-token': gatewayToken(master) }
    const mine = caller({ authorization: `Bearer ${tenant.apiKey}`, ...gateway })
    expect(await mine.gateway.providerKey({ provider: 'openai' })).toEqual({ key: KEY })
    expect(await mine.gateway.providerKey({ provider: 'anthropic' })).toEqual({ key: null })
    const theirs = caller({ authorization: `Bearer ${other.apiKey}`, ...gateway })
    expect(await theirs.gateway.providerKey({ provider: 'openai' })).toEqual({ key: null })
  })

  it('refuses an app that has only its API key, or a wrong gateway token', async () => {
    for (const headers of <Array<Record<string, string>>>[
      { authorization: `Bearer ${tenant.apiKey}` },
      {
        authorization: `Bearer ${tenant.apiKey}`,
        'x-tokenledger-gateway-token': gatewayToken(randomBytes(32)),
      },
    ]) {
      const attempt = caller(headers).gateway.providerKey({ provider: 'openai' })
      await expect(attempt).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'only the Tokenledger gateway may read stored provider keys',
      })
    }
  })

  it('refuses a missing or unknown API key even with the gateway token', async () => {
    const attempt = caller({
      authorization: 'Bearer tl_nope',
      'x-tokenledger-gateway-token': gatewayToken(master),
    }).gateway.providerKey({ provider: 'openai' })
    await expect(attempt).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('says clearly when the stored key does not decrypt under this server’s master key', async () => {
    const wrong = randomBytes(32)
    const attempt = caller(
      { authorization: `Bearer ${tenant.apiKey}`, 'x-tokenledger-gateway-token': gatewayToken(wrong) },
      wrong,
    ).gateway.providerKey({ provider: 'openai' })
    await expect(attempt).rejects.toThrow(/stored openai key of organization \d+ cannot be decrypted/)
    await attempt.catch((error: Error) => expect(error.message).not.toContain(KEY))
  })
})
