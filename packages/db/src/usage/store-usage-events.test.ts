import { usageEventSchema } from '@tokenledger/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { storeUsageEvents } from './store-usage-events'

// The one write path against real Postgres: what is stored, what is refused, and what happens
// together in one transaction.
let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

/** Events as callers hand them over: already parsed with the contract's schema. */
const event = (fields: Record<string, unknown> = {}) =>
  usageEventSchema.parse({
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 10,
    completionTokens: 5,
    ...fields,
  })
const identity = (tenant: Tenant) => ({ organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId })
const logsOf = (tenant: Tenant) =>
  db('ai_usage_logs').where({ organization_id: tenant.organizationId }).orderBy('id')

describe('storeUsageEvents', () => {
  it('stores an attributed event with its cost and redacted content', async () => {
    const tenant = await createTenant(db, 'Store Stored')
    const results = await storeUsageEvents(
      db,
      identity(tenant),
      [event({ userId: tenant.userId, documentId: tenant.documentId, prompt: 'mail jane.doe@example.com' })],
      new Date(),
    )
    expect(results).toEqual([
      { index: 0, status: 'stored', id: expect.any(Number), cost: expect.any(String), priced: true },
    ])
    const [row] = await logsOf(tenant)
    expect(row).toMatchObject({
      id: results[0]?.status === 'stored' ? results[0].id : -1,
      api_key_id: tenant.apiKeyId,
      user_id: tenant.userId,
      // A document implies its project.
      project_id: tenant.projectId,
      document_id: tenant.documentId,
      prompt_content: 'mail [REDACTED:email]',
      content_redacted: true,
    })
  })

  it('answers duplicate for an idempotency key already stored, in the same batch or a later one', async () => {
    const tenant = await createTenant(db, 'Store Duplicate')
    const [first, sameBatch] = await storeUsageEvents(
      db,
      identity(tenant),
      [event({ idempotencyKey: 'call-1' }), event({ idempotencyKey: 'call-1' })],
      new Date(),
    )
    const [retry] = await storeUsageEvents(
      db,
      identity(tenant),
      [event({ idempotencyKey: 'call-1' })],
      new Date(),
    )
    expect(first).toMatchObject({ status: 'stored' })
    const id = first?.status === 'stored' ? first.id : -1
    expect(sameBatch).toMatchObject({ index: 1, status: 'duplicate', id })
    expect(retry).toMatchObject({ index: 0, status: 'duplicate', id })
    expect(await logsOf(tenant)).toHaveLength(1)
  })

  it('rejects an event attributed outside the organization alone, storing the rest', async () => {
    const tenant = await createTenant(db, 'Store Attribution')
    const other = await createTenant(db, 'Store Other')
    const results = await storeUsageEvents(
      db,
      identity(tenant),
      [event({ purposeDetail: 'a' }), event({ userId: other.userId }), event({ purposeDetail: 'c' })],
      new Date(),
    )
    expect(results.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored'])
    expect(results[1]).toEqual({
      index: 1,
      status: 'rejected',
      reason: 'ATTRIBUTION_INVALID',
      error: `user ${other.userId} is not a member of this organization`,
    })
    expect((await logsOf(tenant)).map((r) => r.purpose_detail)).toEqual(['a', 'c'])
    expect(await logsOf(other)).toEqual([])
  })

  it('adds the cost to the budget counter, in the log rows’ transaction', async () => {
    const tenant = await createTenant(db, 'Store Counters')
    const [budget] = await db('ai_budgets')
      .insert({ organization_id: tenant.organizationId, user_id: null, monthly_limit: '10.00' })
      .returning('id')
    const counter = async () =>
      Number(
        (await db('ai_budgets').where({ id: budget.id }).first('current_month_usage')).current_month_usage,
      )

    await storeUsageEvents(
      db,
      identity(tenant),
      [event({ cost: '0.25' }), event({ cost: '0.5' })],
      new Date(),
    )
    expect(await counter()).toBe(0.75)

    // A counter that cannot be incremented takes the log rows with it: nothing half-stored.
    await db.raw(`
      create function refuse_counter() returns trigger language plpgsql as $$
      begin raise exception 'counter refused'; end $$;
      create trigger refuse_counter before update on ai_budgets
        for each row when (new.id = ${Number(budget.id)}) execute function refuse_counter();
    `)
    try {
      await expect(
        storeUsageEvents(db, identity(tenant), [event({ cost: '1', purposeDetail: 'lost' })], new Date()),
      ).rejects.toThrow(/counter refused/)
    } finally {
      await db.raw('drop trigger refuse_counter on ai_budgets; drop function refuse_counter()')
    }
    expect(await counter()).toBe(0.75)
    expect((await logsOf(tenant)).map((r) => r.purpose_detail)).not.toContain('lost')
  })

  it('stores a batch one by one when the database refuses one of its rows', async () => {
    const tenant = await createTenant(db, 'Store Fallback')
    // Past what an integer column holds: the schema would refuse it, the database is the last line.
    const outOfRange = { ...event({ purposeDetail: 'bad' }), durationMs: 3_000_000_000 }
    const results = await storeUsageEvents(
      db,
      identity(tenant),
      [event({ purposeDetail: 'a' }), outOfRange, event({ purposeDetail: 'c' })],
      new Date(),
    )
    expect(results.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored'])
    expect(results[1]).toEqual({
      index: 1,
      status: 'rejected',
      reason: 'INVALID_INPUT',
      error: expect.stringMatching(/^could not be stored: .*out of range for type integer/),
    })
    expect((await logsOf(tenant)).map((r) => r.purpose_detail)).toEqual(['a', 'c'])
  })

  it("creates the app's users, projects and documents with the rows that name them", async () => {
    const tenant = await createTenant(db, 'Store Refs')
    const results = await storeUsageEvents(
      db,
      identity(tenant),
      [
        event({
          user: { externalId: 'usr_42', email: 'ana@example.com' },
          document: { externalId: 'doc_1', projectExternalId: 'prj_1' },
        }),
        event({ user: { externalId: 'usr_42', name: 'Ana' }, project: { externalId: 'prj_1' } }),
      ],
      new Date(),
    )
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored'])
    const user = await db('users').where({ organization_id: tenant.organizationId, external_id: 'usr_42' })
    expect(user).toEqual([expect.objectContaining({ email: 'ana@example.com', name: 'Ana' })])
    const project = await db('projects')
      .where({ organization_id: tenant.organizationId, external_id: 'prj_1' })
      .first()
    const document = await db('documents')
      .where({ organization_id: tenant.organizationId, external_id: 'doc_1' })
      .first()
    expect(document.project_id).toBe(project.id)
    const rows = await logsOf(tenant)
    expect(rows.map((r) => [r.user_id, r.project_id, r.document_id])).toEqual([
      [user[0].id, project.id, document.id],
      [user[0].id, project.id, null],
    ])
  })

  it('creates nothing for an event it refuses, even after its refs were resolved', async () => {
    const tenant = await createTenant(db, 'Store Refs Refused')
    const other = await createTenant(db, 'Store Refs Other')
    const results = await storeUsageEvents(
      db,
      identity(tenant),
      [
        // A numeric id of another organization: refused before anything is created.
        event({ user: { externalId: 'usr_foreign' }, documentId: other.documentId }),
        // Its document lies in the tenant's own project, not in the new one it names: refused late.
        event({
          user: { externalId: 'usr_mismatch' },
          project: { externalId: 'prj_new' },
          documentId: tenant.documentId,
        }),
        event({ user: { externalId: 'usr_ok' } }),
      ],
      new Date(),
    )
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'stored'])
    expect(results[0]).toMatchObject({
      reason: 'ATTRIBUTION_INVALID',
      error: expect.stringMatching(/document/),
    })
    expect(results[1]).toMatchObject({
      reason: 'ATTRIBUTION_INVALID',
      error: expect.stringMatching(/belongs to project/),
    })
    const created = await db('users').where({ organization_id: tenant.organizationId }).pluck('external_id')
    expect(created).toEqual(['usr_ok'])
    expect(
      await db('projects').where({ organization_id: tenant.organizationId, external_id: 'prj_new' }),
    ).toEqual([])
    expect(await logsOf(tenant)).toHaveLength(1)
  })
})
