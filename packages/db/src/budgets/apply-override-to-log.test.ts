import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partitionsPlanned } from '../analytics/test-partitions-read'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { applyOverrideToLog } from './overrides'

// The override a just-stored call carries is applied to that row, found by its whole key.
let db: Db
let tenant: Tenant
const now = new Date()

async function confirmedOverride(): Promise<string> {
  const [row] = await db('budget_overrides')
    .insert({
      organization_id: tenant.organizationId,
      user_id: tenant.userId,
      status: 'confirmed',
      check_result: JSON.stringify({ status: 'exceeded', budgets: [], requiresConfirmation: true }),
      expires_at: new Date(now.getTime() + 60_000),
      decided_by: tenant.userId,
      decided_at: now,
    })
    .returning('id')
  return row.id
}

async function storedLog(createdAt: Date): Promise<number> {
  const [row] = await db('ai_usage_logs')
    .insert({
      organization_id: tenant.organizationId,
      user_id: tenant.userId,
      provider: 'openai',
      model: 'gpt-4o',
      created_at: createdAt,
    })
    .returning('id')
  return row.id
}

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Apply Override')
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

describe('applyOverrideToLog', () => {
  it("marks the call, updating only its month's partition", async () => {
    const createdAt = new Date(now.getTime() - 1234)
    const logId = await storedLog(createdAt)
    const overrideId = await confirmedOverride()
    let result: Awaited<ReturnType<typeof applyOverrideToLog>> | undefined
    const plans = await partitionsPlanned(db, () =>
      db.transaction(async (trx) => {
        result = await applyOverrideToLog(trx, {
          logId,
          createdAt,
          overrideId,
          organizationId: tenant.organizationId,
          userId: tenant.userId,
          now,
        })
      }),
    )
    expect(result).toEqual({ ok: true })
    expect(plans.map((p) => p.partitions)).toEqual([
      [`ai_usage_logs_p${createdAt.toISOString().slice(0, 7).replace('-', '')}`],
    ])
    expect(
      await db('ai_usage_logs')
        .where({ id: logId })
        .first('budget_override', 'budget_override_by', 'budget_override_id'),
    ).toEqual({ budget_override: true, budget_override_by: tenant.userId, budget_override_id: overrideId })
  })

  it('records why an override cannot be used on the call', async () => {
    const createdAt = new Date(now.getTime() - 999)
    const logId = await storedLog(createdAt)
    const result = await db.transaction((trx) =>
      applyOverrideToLog(trx, {
        logId,
        createdAt,
        overrideId: '00000000-0000-4000-8000-000000000000',
        organizationId: tenant.organizationId,
        userId: tenant.userId,
        now,
      }),
    )
    expect(result).toEqual({ ok: false, reason: 'unknown budget override' })
    const row = await db('ai_usage_logs').where({ id: logId }).first('budget_override', 'metadata')
    expect(row).toEqual({
      budget_override: false,
      metadata: { budget_override_rejected: 'unknown budget override' },
    })
  })

  it('refuses a key that names no row, so the override is not used up for nothing', async () => {
    const createdAt = new Date(now.getTime() - 777)
    const logId = await storedLog(createdAt)
    const overrideId = await confirmedOverride()
    await expect(
      db.transaction((trx) =>
        applyOverrideToLog(trx, {
          logId,
          createdAt: new Date(createdAt.getTime() + 1),
          overrideId,
          organizationId: tenant.organizationId,
          userId: tenant.userId,
          now,
        }),
      ),
    ).rejects.toThrow(`no log ${logId} at`)
    expect(await db('budget_overrides').where({ id: overrideId }).first('status')).toEqual({
      status: 'confirmed',
    })
  })
})
