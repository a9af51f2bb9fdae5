import { usageEventSchema } from '@tokenledger/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { storeUsageEvents } from '../usage/store-usage-events'
import { requestOverride } from './overrides'
import {
  deleteExpiredReservations,
  listReservationsInFlight,
  readBudgetsWithReservations,
  releaseReservations,
  reserveBudgets,
} from './reservations'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 12 } })
})
afterAll(async () => {
  await db.destroy()
})

const now = new Date()
const scopesOf = (tenant: Tenant) => ({
  organizationId: tenant.organizationId,
  userId: tenant.userId,
  projectId: tenant.projectId,
  apiKeyId: tenant.apiKeyId,
})

async function addBudget(tenant: Tenant, fields: Record<string, unknown> = {}): Promise<number> {
  const [{ id }] = await db('ai_budgets')
    .insert({ organization_id: tenant.organizationId, monthly_limit: '10.00', ...fields })
    .returning('id')
  return id
}

async function addMember(tenant: Tenant): Promise<number> {
  const [user] = await db('users')
    .insert({ email: `other-${tenant.slug}@example.test`, name: 'Other' })
    .returning('id')
  await db('organization_user').insert({
    organization_id: tenant.organizationId,
    user_id: user.id,
    role: 'ic',
  })
  return user.id
}

describe('reserveBudgets', () => {
  it('holds the amount against every budget the call falls under, and only those', async () => {
    const tenant = await createTenant(db, 'Reserve Scopes')
    const other = await addMember(tenant)
    const org = await addBudget(tenant)
    const user = await addBudget(tenant, { user_id: tenant.userId })
    const project = await addBudget(tenant, { project_id: tenant.projectId, period: 'weekly' })
    const key = await addBudget(tenant, { api_key_id: tenant.apiKeyId, period: 'daily' })
    const otherUser = await addBudget(tenant, { user_id: other })

    const { check, reservation } = await reserveBudgets(db, { ...scopesOf(tenant), amount: '2.5', now })
    expect(check.status).toBe('ok')
    expect(reservation).toEqual({ id: expect.any(String), expiresAt: new Date(now.getTime() + 300_000) })

    const mine = await readBudgetsWithReservations(db, scopesOf(tenant), now)
    expect(mine.budgets.map((b) => b.id)).toEqual([org, user, project, key])
    expect([...mine.reserved.values()]).toEqual(Array(4).fill('2.500000000000'))
    // Another user's call, without project or key: the organization's budget holds it, not theirs.
    const theirs = await readBudgetsWithReservations(
      db,
      { organizationId: tenant.organizationId, userId: other, projectId: null, apiKeyId: null },
      now,
    )
    expect(Object.fromEntries(theirs.reserved)).toEqual({
      [org]: '2.500000000000',
      [otherUser]: '0',
    })
    const inFlight = await listReservationsInFlight(db, [org, user, otherUser], now)
    expect(Object.fromEntries(inFlight)).toEqual({
      [org]: { count: 1, amount: '2.500000000000' },
      [user]: { count: 1, amount: '2.500000000000' },
      [otherUser]: { count: 0, amount: '0' },
    })
    // The next check counts it as spent: 2.5 held + 6 asked is past the 80 % warning of $10.
    const next = await reserveBudgets(db, { ...scopesOf(tenant), amount: '6', now })
    expect(next.check.status).toBe('warning')
    expect(next.check.budgets[0]).toMatchObject({
      usage: '0.000000',
      reserved: '2.500000',
      projectedUsage: '8.500000',
    })
  })

  it('lets at most the room through when 50 callers reserve at once', async () => {
    const tenant = await createTenant(db, 'Reserve Burst')
    // $1.00 with $0.095 per call: ten calls fit (0.95), an eleventh would reach the limit.
    await addBudget(tenant, { monthly_limit: '1.00' })
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => reserveBudgets(db, { ...scopesOf(tenant), amount: '0.095', now })),
    )
    expect(answers.filter((a) => a.reservation).length).toBe(10)
    expect(answers.filter((a) => !a.reservation).every((a) => a.check.status === 'exceeded')).toBe(true)
    const held = await db('budget_reservations')
      .where({ organization_id: tenant.organizationId })
      .select(db.raw('count(*)::int as n, sum(amount)::text as total'))
    expect(held[0]).toEqual({ n: 10, total: '0.950000000000' })
  })

  it('holds nothing when the call may not go, no budget applies, or the amount is 0', async () => {
    const tenant = await createTenant(db, 'Reserve Refused')
    expect((await reserveBudgets(db, { ...scopesOf(tenant), amount: '1', now })).reservation).toBeNull()
    await addBudget(tenant, { monthly_limit: '1.00', allow_override: false })
    const blocked = await reserveBudgets(db, { ...scopesOf(tenant), amount: '1', now })
    expect(blocked).toMatchObject({ check: { status: 'blocked' }, reservation: null })
    expect((await reserveBudgets(db, { ...scopesOf(tenant), amount: '0', now })).reservation).toBeNull()
    expect(await db('budget_reservations').where({ organization_id: tenant.organizationId })).toEqual([])
  })

  it('refuses an amount that is not a cost and a TTL out of range', async () => {
    const tenant = await createTenant(db, 'Reserve Input')
    await expect(reserveBudgets(db, { ...scopesOf(tenant), amount: '-1', now })).rejects.toThrow(/amount/)
    await expect(
      reserveBudgets(db, { ...scopesOf(tenant), amount: '1', now, ttlSeconds: 3601 }),
    ).rejects.toThrow(/ttlSeconds/)
  })

  it('stops counting a reservation at its expiry, and the expiry job deletes it', async () => {
    const tenant = await createTenant(db, 'Reserve Expiry')
    const budget = await addBudget(tenant)
    const short = await reserveBudgets(db, { ...scopesOf(tenant), amount: '1', now, ttlSeconds: 60 })
    const long = await reserveBudgets(db, { ...scopesOf(tenant), amount: '2', now, ttlSeconds: 120 })
    const reservedAt = async (t: Date) =>
      (await readBudgetsWithReservations(db, scopesOf(tenant), t)).reserved.get(budget)
    expect(await reservedAt(new Date(now.getTime() + 59_999))).toBe('3.000000000000')
    expect(await reservedAt(new Date(now.getTime() + 60_000))).toBe('2.000000000000')
    expect(await deleteExpiredReservations(db, new Date(now.getTime() + 60_000))).toBeGreaterThanOrEqual(1)
    const left = await db('budget_reservations').where({ organization_id: tenant.organizationId }).pluck('id')
    expect(left).toEqual([long.reservation?.id])
    expect(short.reservation).not.toBeNull()
  })
})

describe('requestOverride', () => {
  it('shows the end user the same numbers as the check: holds included', async () => {
    const tenant = await createTenant(db, 'Override Holds')
    await addBudget(tenant, { monthly_limit: '1.00' })
    await reserveBudgets(db, { ...scopesOf(tenant), amount: '0.9', now })
    const request = await requestOverride(db, {
      ...scopesOf(tenant),
      userId: tenant.userId,
      estimatedCost: '0.2',
      now,
    })
    expect(request.ok && request.override.check).toMatchObject({
      status: 'exceeded',
      budgets: [{ reserved: '0.900000', projectedUsage: '1.100000' }],
    })
  })
})

describe('releaseReservations', () => {
  it("releases the organization's own, and ignores another's, unknown ids and non-uuids", async () => {
    const tenant = await createTenant(db, 'Release Own')
    const stranger = await createTenant(db, 'Release Stranger')
    await addBudget(tenant)
    await addBudget(stranger)
    const mine = await reserveBudgets(db, { ...scopesOf(tenant), amount: '1', now })
    const theirs = await reserveBudgets(db, { ...scopesOf(stranger), amount: '1', now })
    const theirId = theirs.reservation?.id as string
    expect(await releaseReservations(db, tenant.organizationId, [theirId])).toBe(0)
    expect(
      await releaseReservations(db, tenant.organizationId, ['00000000-0000-4000-8000-000000000000', 'nope']),
    ).toBe(0)
    expect(await releaseReservations(db, tenant.organizationId, [mine.reservation?.id as string])).toBe(1)
    expect(await db('budget_reservations').where({ id: theirId }).first()).toBeDefined()
  })
})

describe('storeUsageEvents with budgetReservationId', () => {
  it("releases the call's reservation in the transaction that counts its cost", async () => {
    const tenant = await createTenant(db, 'Release Logged')
    const stranger = await createTenant(db, 'Release Logged Stranger')
    const budget = await addBudget(tenant)
    await addBudget(stranger)
    const held = await reserveBudgets(db, { ...scopesOf(tenant), amount: '0.5', now })
    const theirs = await reserveBudgets(db, { ...scopesOf(stranger), amount: '0.5', now })
    const event = (fields: Record<string, unknown>) =>
      usageEventSchema.parse({
        provider: 'openai',
        model: 'm',
        cost: '0.123456789012',
        userId: tenant.userId,
        ...fields,
      })
    const results = await storeUsageEvents(
      db,
      { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId },
      [
        event({ budgetReservationId: held.reservation?.id }),
        // Another organization's reservation, and one that does not exist: stored, nothing released.
        event({ budgetReservationId: theirs.reservation?.id }),
        event({ budgetReservationId: '00000000-0000-4000-8000-000000000000' }),
      ],
      now,
    )
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])
    expect(await db('budget_reservations').where({ id: held.reservation?.id }).first()).toBeUndefined()
    expect(await db('budget_reservations').where({ id: theirs.reservation?.id }).first()).toBeDefined()
    const counter = await db('ai_budgets').where({ id: budget }).first('current_month_usage')
    expect(counter.current_month_usage).toBe('0.370370367036')
    expect((await readBudgetsWithReservations(db, scopesOf(tenant), now)).reserved.get(budget)).toBe('0')
  })
})
