import { randomUUID } from 'node:crypto'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { hashPassword } from '@tokenledger/domain'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import { createTRPCClient, httpLink, type TRPCClientError } from '@trpc/client'
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

describe('budgets with the app’s own ids', () => {
  const addBudget = (userId: number | null, monthlyLimit: string) =>
    db('ai_budgets').insert({
      organization_id: tenant.organizationId,
      user_id: userId,
      monthly_limit: monthlyLimit,
    })

  it('checks a known user’s budget by external id, and creates no user for an unknown one', async () => {
    await client.usage.log.mutate({ ...call, user: { externalId: 'usr_known' } })
    const [known] = await usersOf(tenant.organizationId, 'usr_known')
    await addBudget(null, '100.00')
    await addBudget(known.id, '0.01')
    const forKnown = await client.budgets.check.query({ user: { externalId: 'usr_known' } })
    expect(forKnown.budgets.map((b) => [b.scope, b.limit])).toEqual(
      expect.arrayContaining([
        ['organization', '100.00'],
        ['user', '0.01'],
      ]),
    )
    const forUnknown = await client.budgets.check.query({ user: { externalId: 'usr_unknown' } })
    expect(forUnknown.budgets.map((b) => b.scope)).toEqual(['organization'])
    expect(await usersOf(tenant.organizationId, 'usr_unknown')).toEqual([])
  })

  it('requests an override for a user first seen by its external id', async () => {
    await addBudget(null, '0.00')
    const override = await client.budgets.requestOverride.mutate({
      user: { externalId: 'usr_over', email: 'over@example.com' },
    })
    const [user] = await usersOf(tenant.organizationId, 'usr_over')
    expect(user.email).toBe('over@example.com')
    expect(override).toMatchObject({
      confirmationUrl: expect.stringContaining('http://admin.test/override/'),
    })
    expect(await db('budget_overrides').where({ id: override.id }).first()).toMatchObject({
      user_id: user.id,
    })
  })

  it('lets a super admin create a budget for a user by external id over the api', async () => {
    const email = `root-${randomUUID()}@example.test`
    await db('users').insert({
      email,
      name: 'Root',
      password_hash: await hashPassword('s3cret-admin'),
      is_super_admin: true,
    })
    const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.url}/trpc` })] })
    const { token } = await anonymous.auth.login.mutate({ email, password: 's3cret-admin' })
    const admin = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${api.url}/trpc`, headers: { authorization: `Bearer ${token}` } })],
    })
    const budget = await admin.admin.budgets.create.mutate({
      organizationId: tenant.organizationId,
      user: { externalId: 'usr_budgeted', name: 'Budgeted Bea' },
      monthlyLimit: '25.00',
    })
    const [user] = await usersOf(tenant.organizationId, 'usr_budgeted')
    expect(user.name).toBe('Budgeted Bea')
    expect(await db('ai_budgets').where({ id: budget.id }).first()).toMatchObject({
      user_id: user.id,
      monthly_limit: '25.00',
    })
    // The user's first call later lands on the same user, so the budget applies to it.
    await client.usage.log.mutate({ ...call, user: { externalId: 'usr_budgeted' } })
    expect(await usersOf(tenant.organizationId, 'usr_budgeted')).toHaveLength(1)
    const error = await errorOf(
      admin.admin.budgets.create.mutate({
        organizationId: tenant.organizationId,
        userId: tenant.userId,
        user: { externalId: 'usr_budgeted' },
        monthlyLimit: '1.00',
      }),
    )
    expect(error).toMatchObject({ status: 400, message: /either by userId or by user/ })
  })
})
