import { randomUUID } from 'node:crypto'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// A confirmed override is used by the call that is stored with it, never by a duplicate (a retried
// event whose first delivery was already stored).
let db: Db
let api: ApiServer
let tenant: Tenant
let client: TokenledgerClient

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test' })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})
beforeEach(async () => {
  tenant = await createTenant(db, 'Overridden')
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
  await db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '0.00' })
})

const call = () => ({
  provider: 'openai',
  model: 'gpt-4o',
  promptTokens: 1000,
  completionTokens: 100,
  idempotencyKey: randomUUID(),
})

async function confirmedOverride(): Promise<string> {
  const request = await client.budgets.requestOverride.mutate({ userId: tenant.userId })
  await client.budgets.confirmOverride.mutate({ overrideId: request.id })
  return request.id
}

const overrideStatus = async (id: string) => (await db('budget_overrides').where({ id }).first()).status

describe('budget overrides and duplicate events', () => {
  it('a duplicate of a stored event leaves the confirmed override it carries unused', async () => {
    const first = { ...call(), userId: tenant.userId }
    const stored = await client.usage.log.mutate(first)
    expect(stored).toMatchObject({ status: 'stored' })

    const overrideId = await confirmedOverride()
    const again = await client.usage.log.mutate({ ...first, budgetOverrideId: overrideId })
    expect(again).toMatchObject({ status: 'duplicate', id: stored.id })
    expect(await overrideStatus(overrideId)).toBe('confirmed')
    expect(await db('ai_usage_logs').where({ id: stored.id }).first()).toMatchObject({
      budget_override: false,
      budget_override_id: null,
    })

    // The override is still there for the next real call.
    const next = await client.usage.log.mutate({
      ...call(),
      userId: tenant.userId,
      budgetOverrideId: overrideId,
    })
    expect(next).toMatchObject({ status: 'stored' })
    expect(next).not.toHaveProperty('overrideRejected')
    expect(await db('ai_usage_logs').where({ id: next.id }).first()).toMatchObject({
      budget_override: true,
      budget_override_by: tenant.userId,
      budget_override_id: overrideId,
    })
    expect(await overrideStatus(overrideId)).toBe('used')
  })

  it('in one batch, the stored event uses the override and its duplicate and a second user of it do not', async () => {
    const overrideId = await confirmedOverride()
    const event = { ...call(), userId: tenant.userId, budgetOverrideId: overrideId }
    const other = { ...call(), userId: tenant.userId, budgetOverrideId: overrideId }
    const { results } = await client.usage.logBatch.mutate({ events: [event, event, other] })
    expect(results.map((r) => r.status)).toEqual(['stored', 'duplicate', 'stored'])
    expect(results[0]).not.toHaveProperty('overrideRejected')
    expect(results[2]).toMatchObject({ overrideRejected: 'budget override already used' })

    const rows = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .orderBy('id')
      .select('budget_override', 'budget_override_id', 'metadata')
    expect(rows).toEqual([
      { budget_override: true, budget_override_id: overrideId, metadata: {} },
      {
        budget_override: false,
        budget_override_id: null,
        metadata: { budget_override_rejected: 'budget override already used' },
      },
    ])
  })

  it('a duplicate arriving while its override is still confirmed, in a batch with a new call, lets the new call use it', async () => {
    const first = { ...call(), userId: tenant.userId }
    await client.usage.log.mutate(first)
    const overrideId = await confirmedOverride()
    const { results } = await client.usage.logBatch.mutate({
      events: [
        { ...first, budgetOverrideId: overrideId },
        { ...call(), userId: tenant.userId, budgetOverrideId: overrideId },
      ],
    })
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'stored'])
    expect(results[1]).not.toHaveProperty('overrideRejected')
    expect(await overrideStatus(overrideId)).toBe('used')
  })
})
