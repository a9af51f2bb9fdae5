import { randomUUID } from 'node:crypto'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import type { TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

let db: Db
let api: ApiServer
let tenant: Tenant
let secondUser: number
let client: TokenledgerClient
let clockOffsetMs = 0

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { max: 30 } })
  api = await startApiServer({
    db,
    port: 0,
    clock: () => new Date(Date.now() + clockOffsetMs),
    adminUrl: 'http://admin.test',
    // These tests write budgets and counters straight into the database (as the admin app and the
    // worker do) and expect the very next check to see them; a cached check sees such writes only
    // within its TTL (tests/e2e/budget-check-cache.test.ts covers the cache).
    budgetCacheTtlMs: 0,
  })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})
beforeEach(async () => {
  clockOffsetMs = 0
  tenant = await createTenant(db, 'Budgeted')
  const [user] = await db('users')
    .insert({ email: `${randomUUID()}@example.test`, name: 'Second' })
    .returning('id')
  await db('organization_user').insert({ organization_id: tenant.organizationId, user_id: user.id })
  secondUser = user.id
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
})

const call = { provider: 'openai', model: 'gpt-4o', promptTokens: 1000, completionTokens: 100 } // $0.003500
const reasonOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: TRPCClientError<never>) => (e.data as unknown as { reason: string }).reason,
  )
const budgetRow = (userId: number | null) =>
  db('ai_budgets')
    .where({ organization_id: tenant.organizationId })
    .where('user_id', userId ?? (null as never))
    .first()

async function addBudget(fields: Record<string, unknown>) {
  await db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '10.00', ...fields })
}

describe('budget counters', () => {
  it('stay exact under 50 concurrent writers', async () => {
    await addBudget({ user_id: null })
    await addBudget({ user_id: tenant.userId, monthly_limit: '5.00' })
    await addBudget({ user_id: secondUser, monthly_limit: '5.00' })
    const models = [
      ['openai', 'gpt-4o-mini'],
      ['anthropic', 'claude-sonnet-4-20250514'],
      ['openai', 'gpt-4o'],
    ] as const
    await Promise.all(
      Array.from({ length: 50 }, async (_, writer) => {
        for (let i = 0; i < 6; i++) {
          const [provider, model] = models[(writer + i) % models.length] as (typeof models)[number]
          const events = Array.from({ length: 5 }, (_, j) => ({
            provider,
            model,
            promptTokens: 137 * (writer + 1) + j,
            completionTokens: 11 * (i + 1) + j,
            userId: (writer + j) % 2 ? tenant.userId : secondUser,
          }))
          const { stored } = await client.usage.logBatch.mutate({ events })
          expect(stored).toBe(5)
        }
      }),
    )
    const sums = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .select('user_id', db.raw('sum(cost)::text as total'), db.raw('count(*)::int as n'))
      .groupBy('user_id')
    expect(sums.reduce((n, s) => n + s.n, 0)).toBe(50 * 6 * 5)
    const orgTotal = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .sum({ t: 'cost' })
      .first()
    expect((await budgetRow(null)).current_month_usage).toBe(orgTotal?.t)
    for (const { user_id, total } of sums) {
      // Compare as numerics in SQL, to the last decimal.
      const { rows } = await db.raw('select ?::numeric = ?::numeric as equal', [
        (await budgetRow(user_id)).current_month_usage,
        total,
      ])
      expect(rows[0].equal, `user ${user_id}`).toBe(true)
    }
  })

  it('never reports less than what was already committed while logs race', async () => {
    await addBudget({ user_id: null, monthly_limit: '1000.00' })
    let writing = true
    const writers = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (writing) await client.usage.log.mutate(call)
      }),
    )
    for (let i = 0; i < 25; i++) {
      const committed = await db('ai_usage_logs')
        .where({ organization_id: tenant.organizationId })
        .sum({ t: 'cost' })
        .first()
      const check = await client.budgets.check.query({})
      const { rows } = await db.raw('select ?::numeric >= coalesce(?::numeric, 0) as ok', [
        check.budgets[0]?.usage,
        committed?.t,
      ])
      expect(rows[0].ok, `check ${i}: ${check.budgets[0]?.usage} vs committed ${committed?.t}`).toBe(true)
    }
    writing = false
    await writers
  })

  it('resets a counter still on last month within the increment itself', async () => {
    await addBudget({ user_id: null, current_month_usage: '9.5', current_period_start: '2020-01-01' })
    await client.usage.log.mutate(call)
    const row = await budgetRow(null)
    expect(row.current_month_usage).toBe('0.003500000000')
    expect(row.current_period_start).toBe(`${new Date().toISOString().slice(0, 7)}-01`)
  })

  it('counts a late event from an earlier month in no current counter', async () => {
    await addBudget({ user_id: null })
    await client.usage.log.mutate({ ...call, occurredAt: '2020-05-05T10:00:00Z' })
    expect((await budgetRow(null)).current_month_usage).toBe('0.000000000000')
  })
})

describe('budgets.check', () => {
  it('reports ok, warning, exceeded and blocked with numbers per budget', async () => {
    expect(await client.budgets.check.query({})).toMatchObject({ status: 'ok', budgets: [] })
    await addBudget({ user_id: null, monthly_limit: '1.00', current_month_usage: '0.85' })
    const warning = await client.budgets.check.query({ userId: tenant.userId })
    expect(warning).toMatchObject({
      status: 'warning',
      budgets: [{ scope: 'organization', limit: '1.00', usage: '0.850000', percent: 85, threshold: 80 }],
    })
    expect(await client.budgets.check.query({ estimatedCost: '0.20' })).toMatchObject({
      status: 'exceeded',
      requiresConfirmation: true,
    })
    await db('ai_budgets').where({ organization_id: tenant.organizationId }).update({ allow_override: false })
    expect((await client.budgets.check.query({ estimatedCost: '0.20' })).status).toBe('blocked')
  })

  it('refuses a user of another organization', async () => {
    const other = await createTenant(db, 'Elsewhere')
    expect(await reasonOf(client.budgets.check.query({ userId: other.userId }))).toBe('ATTRIBUTION_INVALID')
  })
})

describe('the override flow', () => {
  it("walks the seed's manual check: $0.01 budget → call → confirmation → confirm → override logged", async () => {
    await addBudget({ user_id: null, monthly_limit: '0.01' })
    await client.usage.log.mutate({ ...call, userId: tenant.userId, promptTokens: 4000 }) // $0.011 spent
    const check = await client.budgets.check.query({ userId: tenant.userId })
    expect(check).toMatchObject({ status: 'exceeded', requiresConfirmation: true })

    const request = await client.budgets.requestOverride.mutate({
      userId: tenant.userId,
      estimatedCost: '0.0035',
    })
    expect(request).toMatchObject({ status: 'pending', userId: tenant.userId })
    expect(request.confirmationUrl).toBe(`http://admin.test/override/${request.id}`)
    expect(request.check.budgets[0]).toMatchObject({
      limit: '0.01',
      usage: '0.011000',
      projectedUsage: '0.014500',
    })

    const confirmed = await client.budgets.confirmOverride.mutate({ overrideId: request.id })
    expect(confirmed).toMatchObject({ status: 'confirmed', decidedBy: tenant.userId })
    expect(confirmed.decidedAt).toBeTruthy()

    const logged = await client.usage.log.mutate({
      ...call,
      userId: tenant.userId,
      budgetOverrideId: request.id,
    })
    const row = await db('ai_usage_logs').where({ id: logged.id }).first()
    expect(row).toMatchObject({
      budget_override: true,
      budget_override_by: tenant.userId,
      budget_override_id: request.id,
    })
    expect(await db('budget_overrides').where({ id: request.id }).first()).toMatchObject({ status: 'used' })
  })

  it('uses an override once: a second presentation is recorded without it', async () => {
    await addBudget({ user_id: null, monthly_limit: '0.00' })
    const request = await client.budgets.requestOverride.mutate({ userId: tenant.userId })
    await client.budgets.confirmOverride.mutate({ overrideId: request.id })
    await client.usage.log.mutate({ ...call, userId: tenant.userId, budgetOverrideId: request.id })
    const second = await client.usage.log.mutate({
      ...call,
      userId: tenant.userId,
      budgetOverrideId: request.id,
    })
    expect(second).toMatchObject({ status: 'stored', overrideRejected: 'budget override already used' })
    const row = await db('ai_usage_logs').where({ id: second.id }).first()
    expect(row).toMatchObject({ budget_override: false, budget_override_by: null })
    expect(row.metadata).toMatchObject({ budget_override_rejected: 'budget override already used' })
  })

  it('refuses an override for another user, after expiry, unconfirmed, or from another organization', async () => {
    await addBudget({ user_id: null, monthly_limit: '0.00' })
    const request = await client.budgets.requestOverride.mutate({ userId: tenant.userId })
    const unconfirmed = await client.usage.log.mutate({
      ...call,
      userId: tenant.userId,
      budgetOverrideId: request.id,
    })
    expect(unconfirmed).toMatchObject({ overrideRejected: 'budget override is pending, not confirmed' })

    await client.budgets.confirmOverride.mutate({ overrideId: request.id })
    expect(await reasonOf(client.budgets.confirmOverride.mutate({ overrideId: request.id }))).toBe(
      'OVERRIDE_INVALID',
    )
    const wrongUser = await client.usage.log.mutate({
      ...call,
      userId: secondUser,
      budgetOverrideId: request.id,
    })
    expect(wrongUser).toMatchObject({ overrideRejected: 'budget override belongs to another user' })

    const other = await createTenant(db, 'Thief')
    const otherClient = createClient({ url: api.url, apiKey: other.apiKey })
    const stolen = await otherClient.usage.log.mutate({
      ...call,
      userId: other.userId,
      budgetOverrideId: request.id,
    })
    expect(stolen).toMatchObject({ overrideRejected: 'unknown budget override' })
    expect(await reasonOf(otherClient.budgets.getOverride.query({ overrideId: request.id }))).toBe(
      'NOT_FOUND',
    )

    clockOffsetMs = 11 * 60_000
    const late = await client.usage.log.mutate({
      ...call,
      userId: tenant.userId,
      budgetOverrideId: request.id,
    })
    expect(late).toMatchObject({ overrideRejected: 'budget override expired' })
    expect(await db('budget_overrides').where({ id: request.id }).first()).toMatchObject({
      status: 'confirmed',
    })
  })

  it('records a cancel and refuses to confirm afterwards', async () => {
    await addBudget({ user_id: null, monthly_limit: '0.00' })
    const request = await client.budgets.requestOverride.mutate({ userId: tenant.userId })
    expect(await client.budgets.cancelOverride.mutate({ overrideId: request.id })).toMatchObject({
      status: 'cancelled',
      decidedBy: tenant.userId,
    })
    expect(await reasonOf(client.budgets.confirmOverride.mutate({ overrideId: request.id }))).toBe(
      'OVERRIDE_INVALID',
    )
  })

  it('refuses to request or confirm an override when a budget forbids it', async () => {
    await addBudget({ user_id: null, monthly_limit: '0.00', allow_override: false })
    expect(await reasonOf(client.budgets.requestOverride.mutate({ userId: tenant.userId }))).toBe(
      'BUDGET_BLOCKED',
    )
    await db('ai_budgets').where({ organization_id: tenant.organizationId }).update({ allow_override: true })
    const request = await client.budgets.requestOverride.mutate({ userId: tenant.userId })
    await db('ai_budgets').where({ organization_id: tenant.organizationId }).update({ allow_override: false })
    expect(await reasonOf(client.budgets.confirmOverride.mutate({ overrideId: request.id }))).toBe(
      'BUDGET_BLOCKED',
    )
  })
})
