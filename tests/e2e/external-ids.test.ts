import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import type { TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// The app's own ids through the real api: events, budgets and the directory procedures.
let db: Db
let api: ApiServer
let tenant: Tenant
let client: TokenledgerClient

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { max: 30 } })
  api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test' })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})
beforeEach(async () => {
  tenant = await createTenant(db, 'App Ids')
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
})

const call = { provider: 'openai', model: 'gpt-4o', promptTokens: 1000, completionTokens: 100 }
const errorOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: TRPCClientError<never>) => ({
      reason: (e.data as unknown as { reason?: string; code?: string })?.reason,
      status: (e.data as unknown as { httpStatus?: number })?.httpStatus,
      message: e.message,
    }),
  )
const usersOf = (organizationId: number, externalId: string) =>
  db('users').where({ organization_id: organizationId, external_id: externalId })

describe('usage events with the app’s own ids', () => {
  it('makes one user of 50 concurrent first calls, with 50 rows attributed to it', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.usage.log.mutate({ ...call, user: { externalId: 'usr_42', email: 'ana@example.com' } }),
      ),
    )
    expect(results.every((r) => r.status === 'stored')).toBe(true)
    const users = await usersOf(tenant.organizationId, 'usr_42')
    expect(users).toHaveLength(1)
    expect(users[0].email).toBe('ana@example.com')
    const rows = await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).pluck('user_id')
    expect(rows).toHaveLength(50)
    expect(new Set(rows)).toEqual(new Set([users[0].id]))
    // A member of the organization, so budgets and analytics see it.
    expect(
      await db('organization_user').where({ organization_id: tenant.organizationId, user_id: users[0].id }),
    ).toHaveLength(1)
  })

  it('keeps the same external id of two organizations apart', async () => {
    const other = await createTenant(db, 'App Ids Other')
    const otherClient = createClient({ url: api.url, apiKey: other.apiKey })
    await client.usage.log.mutate({ ...call, user: { externalId: 'usr_shared' } })
    await otherClient.usage.log.mutate({ ...call, user: { externalId: 'usr_shared' } })
    const [ours] = await usersOf(tenant.organizationId, 'usr_shared')
    const [theirs] = await usersOf(other.organizationId, 'usr_shared')
    expect(ours.id).not.toBe(theirs.id)
  })

  it('still refuses a numeric id of another organization beside an external id, creating nothing', async () => {
    const other = await createTenant(db, 'App Ids Foreign')
    const error = await errorOf(
      client.usage.log.mutate({ ...call, user: { externalId: 'usr_new' }, projectId: other.projectId }),
    )
    expect(error).toMatchObject({
      reason: 'ATTRIBUTION_INVALID',
      message: /does not belong to this organization/,
    })
    expect(await usersOf(tenant.organizationId, 'usr_new')).toEqual([])
  })

  it('answers 400 for a user named in both forms', async () => {
    const error = await errorOf(
      client.usage.log.mutate({ ...call, userId: tenant.userId, user: { externalId: 'usr_42' } }),
    )
    expect(error).toMatchObject({ status: 400, message: /either by userId or by user/ })
  })
})
