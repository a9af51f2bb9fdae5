import { randomUUID } from 'node:crypto'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { hashPassword, periodBounds } from '@tokenledger/domain'
import { createTRPCClient, httpLink, type TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// admin.budgets.update changing a budget's scope and period over the api.
let db: Db
let api: ApiServer
let tenant: Tenant
const adminEmail = `root-${randomUUID()}@example.test`

const client = (token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${api.url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  })
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: TRPCClientError<never>) => e.data as unknown as { reason: string; details: unknown },
  )

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Retargeted')
  await db('users').insert({
    email: adminEmail,
    name: 'Root',
    password_hash: await hashPassword('s3cret-admin'),
    is_super_admin: true,
  })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

describe('admin.budgets.update: scope and period', () => {
  it("moves a budget to another scope and period, its counter recomputed; refuses another budget's", async () => {
    const { token } = await client().auth.login.mutate({ email: adminEmail, password: 's3cret-admin' })
    const admin = client(token).admin.budgets
    const now = new Date()
    await db('ai_usage_logs').insert(
      [
        { project_id: tenant.projectId, cost: '0.25' },
        { project_id: tenant.projectId, cost: '0.000000000003' },
        { project_id: null, cost: '4' },
      ].map((row) => ({
        ...row,
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
        created_at: new Date(now.getTime() - 1000),
      })),
    )
    const budget = await admin.create.mutate({ organizationId: tenant.organizationId, monthlyLimit: '10' })
    const moved = await admin.update.mutate({
      id: budget.id,
      monthlyLimit: '2',
      projectId: tenant.projectId,
      period: 'weekly',
    })
    expect(moved).toMatchObject({
      projectId: tenant.projectId,
      userId: null,
      period: 'weekly',
      monthlyLimit: '2.00',
      currentMonthUsage: '0.250000000003',
      currentPeriodStart: periodBounds('weekly', 'UTC', now).start,
    })
    // Without scope fields the scope stays; an app's user by its own id becomes the scope.
    expect(await admin.update.mutate({ id: budget.id, monthlyLimit: '3' })).toMatchObject({
      projectId: tenant.projectId,
      monthlyLimit: '3.00',
    })
    const toUser = await admin.update.mutate({
      id: budget.id,
      monthlyLimit: '3',
      user: { externalId: 'usr_retarget' },
    })
    const appUser = await db('users').where({ external_id: 'usr_retarget' }).first('id')
    expect(toUser).toMatchObject({ userId: appUser.id, projectId: null, currentMonthUsage: '0.000000000000' })
    // userId: null (and nothing else): the organization's own budget again, all its calls counted.
    expect(await admin.update.mutate({ id: budget.id, monthlyLimit: '3', userId: null })).toMatchObject({
      userId: null,
      projectId: null,
      period: 'weekly',
      currentMonthUsage: '4.250000000003',
    })

    await admin.create.mutate({
      organizationId: tenant.organizationId,
      projectId: tenant.projectId,
      period: 'daily',
      monthlyLimit: '1',
    })
    expect(
      await refusal(
        admin.update.mutate({
          id: budget.id,
          monthlyLimit: '3',
          projectId: tenant.projectId,
          period: 'daily',
        }),
      ),
    ).toMatchObject({
      reason: 'CONFLICT',
      details: { fields: { projectId: 'This project already has a daily budget.' } },
    })
    expect(
      await refusal(admin.update.mutate({ id: budget.id, monthlyLimit: '3', timeZone: 'Atlantis/Capital' })),
    ).toMatchObject({ reason: 'INVALID_INPUT', details: { fields: { timeZone: expect.any(String) } } })
    expect(
      await refusal(
        admin.update.mutate({
          id: budget.id,
          monthlyLimit: '3',
          projectId: tenant.projectId,
          apiKeyId: tenant.apiKeyId,
        }),
      ),
    ).toMatchObject({ reason: 'INVALID_INPUT' })
  })
})
