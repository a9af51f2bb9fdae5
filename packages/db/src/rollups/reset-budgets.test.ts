import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { resetBudgets } from './reset-budgets'

let db: Db
let tenant: Tenant
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Reset')
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

const budgets = () =>
  db('ai_budgets')
    .where({ organization_id: tenant.organizationId })
    .orderBy('id')
    .select('user_id', 'current_month_usage', 'current_period_start')

describe('resetBudgets', () => {
  it('zeroes counters of older periods, moves them to this UTC month, and is idempotent', async () => {
    // Periods older than any real "current month", so other tests' budgets are not in play.
    await db('ai_budgets').insert([
      {
        organization_id: tenant.organizationId,
        user_id: null,
        monthly_limit: '100.00',
        current_month_usage: '12.345678000000',
        current_period_start: '2019-05-01',
      },
      {
        organization_id: tenant.organizationId,
        user_id: tenant.userId,
        monthly_limit: '10.00',
        current_month_usage: '1.5',
        current_period_start: '2019-06-01',
      },
    ])
    const now = new Date('2019-06-01T00:05:00.000Z')
    const first = await resetBudgets(db, now)
    expect(first.periodStart).toBe('2019-06-01')
    expect(first.reset).toBeGreaterThanOrEqual(1)
    expect(await budgets()).toEqual([
      { user_id: null, current_month_usage: '0.000000000000', current_period_start: '2019-06-01' },
      // Already on this month: left alone.
      { user_id: tenant.userId, current_month_usage: '1.500000000000', current_period_start: '2019-06-01' },
    ])

    // Spend recorded after the reset survives a second run.
    await db('ai_budgets')
      .where({ organization_id: tenant.organizationId, user_id: null })
      .update({ current_month_usage: '3.25' })
    const second = await resetBudgets(db, new Date('2019-06-20T12:00:00.000Z'))
    expect(second.reset).toBe(0)
    expect((await budgets())[0]).toEqual({
      user_id: null,
      current_month_usage: '3.250000000000',
      current_period_start: '2019-06-01',
    })

    // Just before midnight UTC on the last day: still the same month, nothing to do.
    expect((await resetBudgets(db, new Date('2019-06-30T23:59:59.999Z'))).reset).toBe(0)
    // The next month resets both.
    const july = await resetBudgets(db, new Date('2019-07-01T00:00:00.000Z'))
    expect(july.reset).toBeGreaterThanOrEqual(2)
    expect(await budgets()).toEqual([
      { user_id: null, current_month_usage: '0.000000000000', current_period_start: '2019-07-01' },
      { user_id: tenant.userId, current_month_usage: '0.000000000000', current_period_start: '2019-07-01' },
    ])
  })

  it("moves weekly and daily counters to their own period's start, in their zone", async () => {
    const t = await createTenant(db, 'Reset Periods')
    const insert = (period: string, zone: string, start: string) =>
      db('ai_budgets')
        .insert({
          organization_id: t.organizationId,
          period,
          period_time_zone: zone,
          project_id: period === 'weekly' ? t.projectId : null,
          api_key_id: period === 'daily' ? t.apiKeyId : null,
          monthly_limit: '1.00',
          current_month_usage: '0.5',
          current_period_start: start,
        })
        .returning('id')
    const [weekly] = await insert('weekly', 'UTC', '2018-11-19')
    const [daily] = await insert('daily', 'Europe/Berlin', '2018-11-30')
    // 00:05 UTC on Saturday 1 December 2018: 01:05 in Berlin; the week began Monday 26 November.
    await resetBudgets(db, new Date('2018-12-01T00:05:00Z'))
    const row = (id: number) =>
      db('ai_budgets')
        .where({ id })
        .first(db.raw('current_month_usage::text as usage'), db.raw('current_period_start::text as start'))
    expect(await row(weekly.id)).toEqual({ usage: '0.000000000000', start: '2018-11-26' })
    expect(await row(daily.id)).toEqual({ usage: '0.000000000000', start: '2018-12-01' })
    // A counter already on its current week is left alone.
    await db('ai_budgets').where({ id: weekly.id }).update({ current_month_usage: '0.25' })
    await resetBudgets(db, new Date('2018-12-02T23:00:00Z'))
    expect(await row(weekly.id)).toEqual({ usage: '0.250000000000', start: '2018-11-26' })
    await db('organizations').where({ id: t.organizationId }).delete()
  })
})
