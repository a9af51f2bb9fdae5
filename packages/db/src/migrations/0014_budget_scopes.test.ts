import { type BudgetPeriod, periodStart } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { createTenant } from '../testing'
import { rollBackThrough } from '../testing/roll-back-through'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await migrateLatest(db)
  await db.destroy()
})

describe('0014_budget_scopes', () => {
  it('keeps existing budgets monthly, in UTC, with their counters, and back', async () => {
    await rollBackThrough(db, '0014_budget_scopes')
    const t = await createTenant(db, 'Mig0014 Keep')
    await db('ai_budgets').insert([
      { organization_id: t.organizationId, monthly_limit: '100', current_month_usage: '12.345678901234' },
      {
        organization_id: t.organizationId,
        user_id: t.userId,
        monthly_limit: '10',
        current_month_usage: '1.5',
        current_period_start: '2026-02-01',
      },
    ])
    await migrateLatest(db)
    const rows = await db('ai_budgets')
      .where({ organization_id: t.organizationId })
      .orderBy('id')
      .select(
        'user_id',
        'project_id',
        'api_key_id',
        'period',
        'period_time_zone',
        db.raw('current_month_usage::text as usage'),
        db.raw('current_period_start::text as start'),
      )
    expect(
      rows.map((r) => [r.user_id, r.project_id, r.api_key_id, r.period, r.period_time_zone, r.usage]),
    ).toEqual([
      [null, null, null, 'monthly', 'UTC', '12.345678901234'],
      [t.userId, null, null, 'monthly', 'UTC', '1.500000000000'],
    ])
    expect(rows[1].start).toBe('2026-02-01')

    await rollBackThrough(db, '0014_budget_scopes')
    expect(
      await db('ai_budgets').where({ organization_id: t.organizationId }).count('* as n').first(),
    ).toEqual({ n: 2 })
    await migrateLatest(db)
  })

  it('allows one scope per budget and one budget per scope and period', async () => {
    const t = await createTenant(db, 'Mig0014 One')
    const base = { organization_id: t.organizationId, monthly_limit: '5' }
    await expect(
      db('ai_budgets').insert({ ...base, user_id: t.userId, project_id: t.projectId }),
    ).rejects.toThrow(/ai_budgets_one_scope/)
    await expect(db('ai_budgets').insert({ ...base, period: 'yearly' })).rejects.toThrow(/ai_budgets_period/)
    await db('ai_budgets').insert([
      { ...base, project_id: t.projectId, period: 'weekly' },
      { ...base, project_id: t.projectId, period: 'daily' },
      { ...base, api_key_id: t.apiKeyId },
      { ...base },
      { ...base, period: 'daily' },
    ])
    await expect(
      db('ai_budgets').insert({ ...base, project_id: t.projectId, period: 'weekly' }),
    ).rejects.toThrow(/ai_budgets_scope/)
    await expect(db('ai_budgets').insert({ ...base, period: 'daily' })).rejects.toThrow(/ai_budgets_scope/)
    // A deleted project or key takes its budgets along.
    await db('api_keys').where({ id: t.apiKeyId }).delete()
    expect(
      await db('ai_budgets').where({ organization_id: t.organizationId }).count('* as n').first(),
    ).toEqual({
      n: 4,
    })
  })

  it("gives the same period start as the domain's periodStart, across year ends and DST changes", async () => {
    const instants = [
      '2026-12-31T22:59:59Z',
      '2026-12-31T23:00:00Z',
      '2027-01-03T23:00:00Z',
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T22:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-25T01:30:00Z',
      '2026-10-25T23:00:00Z',
      '2026-09-06T04:00:00Z',
      '2028-02-29T12:00:00Z',
    ]
    const zones = ['UTC', 'Europe/Berlin', 'America/Santiago', 'Asia/Kolkata']
    const periods: BudgetPeriod[] = ['monthly', 'weekly', 'daily']
    for (const zone of zones)
      for (const period of periods)
        for (const at of instants) {
          const { rows } = await db.raw('select tokenledger_budget_period_start(?, ?, ?)::text as start', [
            period,
            zone,
            at,
          ])
          expect([zone, period, at, rows[0].start]).toEqual([
            zone,
            period,
            at,
            periodStart(period, zone, new Date(at)),
          ])
        }
  })

  it('rolls back to monthly org and user budgets, deleting the budgets only the new columns describe', async () => {
    const t = await createTenant(db, 'Mig0014 Down')
    const base = { organization_id: t.organizationId, monthly_limit: '5' }
    await db('ai_budgets').insert([
      { ...base, period: 'weekly' },
      { ...base, project_id: t.projectId },
      { ...base, api_key_id: t.apiKeyId, period: 'daily' },
      { ...base, user_id: t.userId, period_time_zone: 'Europe/Berlin' },
    ])
    await rollBackThrough(db, '0014_budget_scopes')
    expect(
      await db('ai_budgets').where({ organization_id: t.organizationId }).select('user_id', 'monthly_limit'),
    ).toEqual([{ user_id: t.userId, monthly_limit: '5.00' }])
    await migrateLatest(db)
    expect(
      await db('ai_budgets')
        .where({ organization_id: t.organizationId })
        .select('period', 'period_time_zone'),
    ).toEqual([{ period: 'monthly', period_time_zone: 'UTC' }])
  })
})
