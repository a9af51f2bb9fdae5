import { usageEventSchema } from '@tokenledger/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { storeUsageEvents } from './store-usage-events'

// The idempotency key lives in ai_usage_log_keys since the logs are partitioned (0013): the race
// the old unique index settled must still end with one row.
let db: Db
beforeAll(() => {
  // One connection per writer, so the 50 transactions really overlap.
  db = createDb(process.env.DATABASE_URL as string, { pool: { max: 50 } })
})
afterAll(async () => {
  await db.destroy()
})

const event = (fields: Record<string, unknown>) =>
  usageEventSchema.parse({
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 10,
    completionTokens: 5,
    ...fields,
  })

describe('idempotency keys on partitioned logs', () => {
  it('stores one row when 50 concurrent writers send the same key, and answers the others duplicate', async () => {
    const tenant = await createTenant(db, 'Claim Race')
    const identity = { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId }
    await db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '1000' })
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        storeUsageEvents(db, identity, [event({ idempotencyKey: 'race-1' })], new Date()),
      ),
    )
    const flat = results.flat()
    const stored = flat.filter((r) => r.status === 'stored')
    expect(stored).toHaveLength(1)
    const id = stored[0]?.status === 'stored' ? stored[0].id : -1
    expect(flat.filter((r) => r.status === 'duplicate')).toHaveLength(49)
    expect(flat.every((r) => r.status === 'rejected' || ('id' in r && r.id === id))).toBe(true)
    expect(await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).pluck('id')).toEqual([
      id,
    ])
    expect(
      await db('ai_usage_log_keys').where({ organization_id: tenant.organizationId }).pluck('log_id'),
    ).toEqual([id])
    // The budget counter saw the call once.
    const cost = stored[0]?.status === 'stored' ? stored[0].cost : null
    const { rows } = await db.raw(
      'select current_month_usage = ?::numeric as once from ai_budgets where organization_id = ?',
      [cost, tenant.organizationId],
    )
    expect(rows).toEqual([{ once: true }])
  })

  it("gives a batch's rows ids in batch order, keyed or not, whatever order the keys sort in", async () => {
    const tenant = await createTenant(db, 'Claim Order')
    const identity = { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId }
    const results = await storeUsageEvents(
      db,
      identity,
      [
        event({ idempotencyKey: 'z' }),
        event({}),
        event({ idempotencyKey: 'a' }),
        event({ idempotencyKey: 'z' }),
      ],
      new Date(),
    )
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'duplicate'])
    const ids = results.map((r) => ('id' in r ? r.id : -1))
    expect(ids.slice(0, 3)).toEqual([...ids.slice(0, 3)].sort((a, b) => a - b))
    expect(ids[3]).toBe(ids[0])
  })

  it('keeps keys per organization: the same key in two organizations stores two rows', async () => {
    const a = await createTenant(db, 'Claim Org A')
    const b = await createTenant(db, 'Claim Org B')
    const [ra] = await storeUsageEvents(
      db,
      { organizationId: a.organizationId, apiKeyId: a.apiKeyId },
      [event({ idempotencyKey: 'shared' })],
      new Date(),
    )
    const [rb] = await storeUsageEvents(
      db,
      { organizationId: b.organizationId, apiKeyId: b.apiKeyId },
      [event({ idempotencyKey: 'shared' })],
      new Date(),
    )
    expect(ra).toMatchObject({ status: 'stored' })
    expect(rb).toMatchObject({ status: 'stored' })
  })

  it('finds a duplicate stored in another month, and forgets keys with their organization', async () => {
    const tenant = await createTenant(db, 'Claim Months')
    const identity = { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId }
    const [first] = await storeUsageEvents(
      db,
      identity,
      [event({ idempotencyKey: 'late', occurredAt: '2025-01-31T23:59:59.000Z' })],
      new Date(),
    )
    // A retry that states another time still finds the row stored with the first one.
    const [retry] = await storeUsageEvents(db, identity, [event({ idempotencyKey: 'late' })], new Date())
    expect(retry).toMatchObject({ status: 'duplicate', id: first?.status === 'stored' ? first.id : -1 })
    await db('organizations').where({ id: tenant.organizationId }).delete()
    expect(await db('ai_usage_log_keys').where({ organization_id: tenant.organizationId })).toEqual([])
  })
})
