import { randomUUID } from 'node:crypto'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { hashPassword } from '@tokenledger/domain'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import { createTRPCClient, httpLink } from '@trpc/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// The api's per-server cache of budget state (issue 15), through the real api over HTTP and real
// PostgreSQL: writes made through this api are seen by the next check at once, writes made
// elsewhere (here: straight into the database, as the admin app and the worker write) within the
// TTL, and a reserving check always reads the database. A long TTL and the api's clock injected,
// so what is cached does not depend on the machine's speed.
const TTL_MS = 60_000
let db: Db
let api: ApiServer
let tenant: Tenant
let client: TokenledgerClient
let now = new Date('2031-03-10T10:00:00Z')
let budget: number
const adminEmail = `root-${randomUUID()}@example.test`

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, clock: () => now, budgetCacheTtlMs: TTL_MS })
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
beforeEach(async () => {
  now = new Date(now.getTime() + 24 * 3_600_000) // a new day: nothing of the last test is fresh
  tenant = await createTenant(db, 'Cached checks')
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
  ;[{ id: budget }] = await db('ai_budgets')
    .insert({
      organization_id: tenant.organizationId,
      monthly_limit: '1.00',
      current_month_usage: '0.50',
      current_period_start: '2031-03-01', // the api clock's month (the tests stay in March)
    })
    .returning('id')
})

const usageOf = async (input: Parameters<TokenledgerClient['budgets']['check']['query']>[0] = {}) =>
  (await client.budgets.check.query(input)).budgets[0]?.usage
const setCounterDirectly = (usage: string) =>
  db('ai_budgets').where({ id: budget }).update({ current_month_usage: usage })
const call = { provider: 'openai', model: 'gpt-4o', promptTokens: 1000, completionTokens: 100 } // $0.003500

describe('budgets.check with the budget state cache', () => {
  it('sees writes made elsewhere within the TTL, and evaluates every call on its own', async () => {
    expect(await usageOf()).toBe('0.500000')
    await setCounterDirectly('0.95')
    // Within the TTL the state loaded before the write is reused…
    expect(await usageOf()).toBe('0.500000')
    // …but evaluated per call: the estimate and the clock are this call's.
    expect((await client.budgets.check.query({ estimatedCost: '0.60' })).status).toBe('exceeded')
    expect((await client.budgets.check.query({ estimatedCost: '0.01' })).status).toBe('ok')
    // A check of another user or project is another entry: it reads the database.
    expect(await usageOf({ userId: tenant.userId })).toBe('0.950000')
    now = new Date(now.getTime() + TTL_MS)
    expect(await usageOf()).toBe('0.950000')
  })

  it('sees usage logged through this api at once', async () => {
    expect(await usageOf()).toBe('0.500000')
    await client.usage.log.mutate(call)
    expect(await usageOf()).toBe('0.503500')
    await client.usage.logBatch.mutate({ events: [call, call] })
    expect(await usageOf()).toBe('0.510500')
  })

  it("sees this api's reservations at once, and a reserving check always reads the database", async () => {
    expect((await client.budgets.check.query({})).budgets[0]?.reserved).toBe('0.000000')
    const held = await client.budgets.check.query({ estimatedCost: '0.10', reserve: true })
    expect(held.reservation).not.toBeNull()
    expect((await client.budgets.check.query({})).budgets[0]?.reserved).toBe('0.100000')
    await client.budgets.releaseReservation.mutate({ reservationId: held.reservation?.id as string })
    expect((await client.budgets.check.query({})).budgets[0]?.reserved).toBe('0.000000')

    // Written elsewhere: the plain check still answers from its TTL, the reserving one does not.
    await setCounterDirectly('0.95')
    expect((await client.budgets.check.query({ estimatedCost: '0.10' })).status).toBe('ok')
    const refused = await client.budgets.check.query({ estimatedCost: '0.10', reserve: true })
    expect(refused).toMatchObject({ status: 'exceeded', reservation: null })
  })

  it("sees budgets created and edited through this api's admin procedures at once", async () => {
    const admin = (token?: string) =>
      createTRPCClient<AppRouter>({
        links: [
          httpLink({ url: `${api.url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} }),
        ],
      })
    const { token } = await admin().auth.login.mutate({ email: adminEmail, password: 's3cret-admin' })
    expect((await client.budgets.check.query({ userId: tenant.userId })).budgets.map((b) => b.scope)).toEqual(
      ['organization'],
    )
    await admin(token).admin.budgets.create.mutate({
      organizationId: tenant.organizationId,
      userId: tenant.userId,
      monthlyLimit: '2.00',
    })
    expect((await client.budgets.check.query({ userId: tenant.userId })).budgets.map((b) => b.scope)).toEqual(
      ['organization', 'user'],
    )
    await admin(token).admin.budgets.update.mutate({ id: budget, monthlyLimit: '0.40' })
    expect((await client.budgets.check.query({})).status).toBe('exceeded')
  })
})
