import { randomUUID } from 'node:crypto'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { hashPassword } from '@tokenledger/domain'
import { createTRPCClient, httpLink, type TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let db: Db
let api: ApiServer
let tenant: Tenant
const adminEmail = `root-${randomUUID()}@example.test`
const memberEmail = `member-${randomUUID()}@example.test`

const client = (token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${api.url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  })
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: TRPCClientError<never>) => (e.data as unknown as { reason: string }).reason,
  )

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Admined')
  await db('users').insert([
    {
      email: adminEmail,
      name: 'Root',
      password_hash: await hashPassword('s3cret-admin'),
      is_super_admin: true,
    },
    {
      email: memberEmail,
      name: 'Member',
      password_hash: await hashPassword('s3cret-member'),
      is_super_admin: false,
    },
  ])
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

describe('admin procedures', () => {
  it('sign in with email and password; wrong passwords are refused', async () => {
    expect(await reasonOf(client().auth.login.mutate({ email: adminEmail, password: 'nope' }))).toBe(
      'UNAUTHENTICATED',
    )
    const session = await client().auth.login.mutate({
      email: adminEmail.toUpperCase(),
      password: 's3cret-admin',
    })
    expect(session.user).toMatchObject({ email: adminEmail, isSuperAdmin: true })
    expect(await client(session.token).auth.me.query()).toMatchObject({ email: adminEmail })
    await client(session.token).auth.logout.mutate()
    expect(await client(session.token).auth.me.query()).toBeNull()
  })

  it('refuse anyone who is not a signed-in super admin, and API keys too', async () => {
    const member = await client().auth.login.mutate({ email: memberEmail, password: 's3cret-member' })
    expect(await reasonOf(client().admin.budgets.list.query())).toBe('UNAUTHENTICATED')
    expect(await reasonOf(client(member.token).admin.budgets.list.query())).toBe('FORBIDDEN')
    expect(await reasonOf(client(tenant.apiKey).admin.budgets.list.query())).toBe('UNAUTHENTICATED')
  })

  it('create, validate and edit budgets', async () => {
    const { token } = await client().auth.login.mutate({ email: adminEmail, password: 's3cret-admin' })
    const admin = client(token)
    const created = await admin.admin.budgets.create.mutate({
      organizationId: tenant.organizationId,
      monthlyLimit: '250',
    })
    expect(created).toMatchObject({
      organizationId: tenant.organizationId,
      userId: null,
      monthlyLimit: '250.00',
      warningThreshold: '80.00',
    })
    expect(
      await reasonOf(
        admin.admin.budgets.create.mutate({ organizationId: tenant.organizationId, monthlyLimit: '5' }),
      ),
    ).toBe('CONFLICT')
    expect(
      await reasonOf(
        admin.admin.budgets.create.mutate({
          organizationId: tenant.organizationId,
          userId: tenant.userId,
          monthlyLimit: '-1',
        }),
      ),
    ).toBe('INVALID_INPUT')
    expect(
      await reasonOf(
        admin.admin.budgets.create.mutate({
          organizationId: tenant.organizationId,
          userId: tenant.userId,
          monthlyLimit: '5',
          warningThreshold: '101',
        }),
      ),
    ).toBe('INVALID_INPUT')
    const updated = await admin.admin.budgets.update.mutate({
      id: created.id,
      monthlyLimit: '300.50',
      warningThreshold: '90',
      allowOverride: false,
      isActive: false,
    })
    expect(updated).toMatchObject({
      monthlyLimit: '300.50',
      warningThreshold: '90.00',
      allowOverride: false,
      isActive: false,
    })
    expect(await admin.admin.budgets.list.query({ organizationId: tenant.organizationId })).toHaveLength(1)
  })

  it('create project and API-key budgets, weekly or daily in a zone, as the admin form does', async () => {
    const { token } = await client().auth.login.mutate({ email: adminEmail, password: 's3cret-admin' })
    const admin = client(token)
    const scoped = await createTenant(db, 'Admined Scopes')
    const project = await admin.admin.budgets.create.mutate({
      organizationId: scoped.organizationId,
      projectId: scoped.projectId,
      period: 'weekly',
      timeZone: 'Europe/Berlin',
      monthlyLimit: '20',
    })
    expect(project).toMatchObject({
      projectId: scoped.projectId,
      apiKeyId: null,
      userId: null,
      period: 'weekly',
      timeZone: 'Europe/Berlin',
      monthlyLimit: '20.00',
    })
    const key = await admin.admin.budgets.create.mutate({
      organizationId: scoped.organizationId,
      apiKeyId: scoped.apiKeyId,
      period: 'daily',
      monthlyLimit: '2',
    })
    expect(key).toMatchObject({ apiKeyId: scoped.apiKeyId, period: 'daily', timeZone: 'UTC' })

    // One per scope and period: the duplicate is CONFLICT with the field named; another period is fine.
    const duplicate = await admin.admin.budgets.create
      .mutate({
        organizationId: scoped.organizationId,
        projectId: scoped.projectId,
        period: 'weekly',
        monthlyLimit: '9',
      })
      .catch((e: TRPCClientError<never>) => e.data as unknown as { reason: string; details: unknown })
    expect(duplicate).toMatchObject({
      reason: 'CONFLICT',
      details: { fields: { projectId: 'This project already has a weekly budget.' } },
    })
    expect(
      await admin.admin.budgets.create.mutate({
        organizationId: scoped.organizationId,
        projectId: scoped.projectId,
        monthlyLimit: '9',
      }),
    ).toMatchObject({ projectId: scoped.projectId, period: 'monthly' })

    // Another organization's project, two scopes at once, an unknown zone or period: invalid input.
    for (const input of [
      { projectId: tenant.projectId },
      { projectId: scoped.projectId, apiKeyId: scoped.apiKeyId, period: 'daily' as const },
      { timeZone: 'Mars/Base' },
    ])
      expect(
        await reasonOf(
          admin.admin.budgets.create.mutate({
            organizationId: scoped.organizationId,
            monthlyLimit: '1',
            ...input,
          }),
        ),
      ).toBe('INVALID_INPUT')
    expect(
      await reasonOf(
        admin.admin.budgets.create.mutate({
          organizationId: scoped.organizationId,
          monthlyLimit: '1',
          period: 'yearly' as 'daily',
        }),
      ),
    ).toBe('INVALID_INPUT')
    expect(await reasonOf(admin.admin.budgets.update.mutate({ id: 2_000_000_000, monthlyLimit: '1' }))).toBe(
      'NOT_FOUND',
    )
  })
})
