import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { addToBudgetCounters } from './add-to-budget-counters'
import { createBudget } from './budget-admin'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 12 } })
})
afterAll(async () => {
  await db.destroy()
})

const fields = { monthlyLimit: '100.00', warningThreshold: '80', allowOverride: true, isActive: true }

describe('createBudget', () => {
  it('starts the counter at exactly what was logged this month, while 8 connections keep logging', async () => {
    const tenant = await createTenant(db, 'Racing')
    let writing = true
    let logged = 0
    // The api's record path: log row, counter increment, then the rest of its transaction (here
    // a short sleep, standing in for the other rows and the round trips) before the commit.
    const writer = async (w: number) => {
      for (let i = 0; writing || i < 5; i++) {
        await db.transaction(async (trx) => {
          const userId = (w + i) % 2 ? tenant.userId : null
          const cost = `0.00${(w % 9) + 1}${i % 10}25`
          const createdAt = new Date()
          await trx('ai_usage_logs').insert({
            organization_id: tenant.organizationId,
            user_id: userId,
            provider: 'openai',
            model: 'gpt-4o',
            cost,
            created_at: createdAt,
          })
          await addToBudgetCounters(trx, tenant.organizationId, [{ userId, cost, createdAt }])
          await trx.raw('select pg_sleep(0.01)')
        })
        logged++
      }
    }
    const writers = Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)))
    while (logged < 40) await new Promise((resolve) => setTimeout(resolve, 5))
    const [organization, user] = await Promise.all([
      createBudget(db, { ...fields, organizationId: tenant.organizationId, userId: null }),
      createBudget(db, { ...fields, organizationId: tenant.organizationId, userId: tenant.userId }),
    ])
    expect(organization.ok && user.ok).toBe(true)
    const loggedBefore = logged
    while (logged < loggedBefore + 40) await new Promise((resolve) => setTimeout(resolve, 5))
    writing = false
    await writers

    const { rows } = await db.raw(
      `select b.user_id, b.current_month_usage::text as counter, coalesce(sum(l.cost), 0)::text as logs,
              b.current_month_usage = coalesce(sum(l.cost), 0) as equal
       from ai_budgets b
       left join ai_usage_logs l on l.organization_id = b.organization_id
         and (b.user_id is null or l.user_id = b.user_id)
         and l.created_at >= b.current_period_start::timestamp at time zone 'UTC'
       where b.organization_id = ?
       group by b.id`,
      [tenant.organizationId],
    )
    expect(rows).toHaveLength(2)
    for (const row of rows) expect(row, `budget of user ${row.user_id}`).toMatchObject({ equal: true })
  })

  it('starts on the next month when calls already dated there were logged (skew at a month end)', async () => {
    const tenant = await createTenant(db, 'Ahead')
    const thisMonth = new Date()
    const nextMonth = new Date(Date.UTC(thisMonth.getUTCFullYear(), thisMonth.getUTCMonth() + 1, 1, 0, 3))
    await db('ai_usage_logs').insert([
      {
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
        cost: '0.5',
        created_at: thisMonth,
      },
      {
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
        cost: '0.25',
        created_at: nextMonth,
      },
    ])
    const created = await createBudget(db, { ...fields, organizationId: tenant.organizationId, userId: null })
    expect(created).toMatchObject({
      ok: true,
      budget: {
        currentMonthUsage: '0.250000000000',
        currentPeriodStart: nextMonth.toISOString().slice(0, 10),
      },
    })
  })

  it('refuses a second budget for the same scope with a field error', async () => {
    const tenant = await createTenant(db, 'Twice')
    const input = { ...fields, organizationId: tenant.organizationId, userId: tenant.userId }
    expect((await createBudget(db, input)).ok).toBe(true)
    expect(await createBudget(db, input)).toEqual({
      ok: false,
      errors: { userId: 'This user already has a budget in this organization.' },
    })
  })
})
