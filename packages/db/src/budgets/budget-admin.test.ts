import { periodBounds } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAlerts } from '../alerts/record-alerts'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { addToBudgetCounters } from './add-to-budget-counters'
import { createBudget, updateBudget } from './budget-admin'

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
      problem: 'duplicate',
      errors: { userId: 'This user already has a monthly budget in this organization.' },
    })
  })

  it('creates project, API-key, weekly and daily budgets, each starting from its own period', async () => {
    const tenant = await createTenant(db, 'Scoped Create')
    const now = new Date()
    const log = (fields: Record<string, unknown>, cost: string, at: Date) =>
      db('ai_usage_logs').insert({
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'm',
        cost,
        created_at: at,
        ...fields,
      })
    const dayBefore = new Date(now.getTime() - 86_400_000 - 60_000)
    await log({ project_id: tenant.projectId }, '1.5', now)
    await log({ project_id: tenant.projectId }, '100', dayBefore)
    await log({ api_key_id: tenant.apiKeyId }, '0.25', now)
    await log({}, '7', now)
    const base = { ...fields, organizationId: tenant.organizationId, userId: null }

    const daily = await createBudget(db, { ...base, projectId: tenant.projectId, period: 'daily' })
    expect(daily).toMatchObject({
      ok: true,
      budget: {
        projectId: tenant.projectId,
        period: 'daily',
        timeZone: 'UTC',
        currentMonthUsage: '1.500000000000',
      },
    })
    const key = await createBudget(db, { ...base, apiKeyId: tenant.apiKeyId, period: 'weekly' })
    expect(key).toMatchObject({
      ok: true,
      budget: { apiKeyId: tenant.apiKeyId, currentMonthUsage: '0.250000000000' },
    })
    const org = await createBudget(db, { ...base, period: 'daily', timeZone: 'Europe/Berlin' })
    expect(org).toMatchObject({ ok: true, budget: { period: 'daily', timeZone: 'Europe/Berlin' } })
    // The organization's daily budget counts every call of its Berlin day (yesterday's are not).
    const berlinToday = await db.raw(
      `select coalesce(sum(cost), 0)::text as total from ai_usage_logs where organization_id = ?
         and tokenledger_budget_period_start('daily', 'Europe/Berlin', created_at)
           = tokenledger_budget_period_start('daily', 'Europe/Berlin', now())`,
      [tenant.organizationId],
    )
    expect(org.ok && org.budget.currentMonthUsage).toBe(berlinToday.rows[0].total)

    // One budget per scope and period; a monthly one besides the daily one is fine.
    expect(await createBudget(db, { ...base, projectId: tenant.projectId, period: 'daily' })).toEqual({
      ok: false,
      problem: 'duplicate',
      errors: { projectId: 'This project already has a daily budget.' },
    })
    expect((await createBudget(db, { ...base, projectId: tenant.projectId })).ok).toBe(true)
  })

  it('refuses a scope of another organization, two scopes at once, an unknown period or zone', async () => {
    const tenant = await createTenant(db, 'Scoped Refusals')
    const other = await createTenant(db, 'Scoped Other')
    const base = { ...fields, organizationId: tenant.organizationId, userId: null }
    expect(await createBudget(db, { ...base, projectId: other.projectId })).toEqual({
      ok: false,
      problem: 'invalid',
      errors: { projectId: 'This project does not belong to the organization.' },
    })
    expect(await createBudget(db, { ...base, apiKeyId: other.apiKeyId })).toEqual({
      ok: false,
      problem: 'invalid',
      errors: { apiKeyId: 'This API key does not belong to the organization.' },
    })
    expect(
      await createBudget(db, { ...base, userId: tenant.userId, projectId: tenant.projectId }),
    ).toMatchObject({
      ok: false,
      problem: 'invalid',
      errors: { userId: expect.stringMatching(/one user, one project or one API key/) },
    })
    expect(await createBudget(db, { ...base, period: 'yearly', timeZone: 'Mars/Base' })).toEqual({
      ok: false,
      problem: 'invalid',
      errors: {
        period: 'Choose monthly, weekly or daily.',
        timeZone: 'Enter a time zone such as UTC or Europe/Berlin.',
      },
    })
  })
})

describe('updateBudget', () => {
  it('says which refusal it is: a budget not found, or invalid fields', async () => {
    const tenant = await createTenant(db, 'Update Refusals')
    const created = await createBudget(db, { ...fields, organizationId: tenant.organizationId, userId: null })
    if (!created.ok) throw new Error('the budget was not created')
    expect(await updateBudget(db, created.budget.id + 1_000_000, fields)).toEqual({
      ok: false,
      problem: 'not_found',
      errors: { id: 'No such budget.' },
    })
    expect(await updateBudget(db, created.budget.id, { ...fields, monthlyLimit: 'lots' })).toMatchObject({
      ok: false,
      problem: 'invalid',
    })
  })

  it('moves a monthly organization budget to a weekly project budget, its counter recomputed exactly', async () => {
    const tenant = await createTenant(db, 'Retarget')
    const other = await createTenant(db, 'Retarget Other')
    const now = new Date()
    const week = periodBounds('weekly', 'UTC', now)
    const at = (ms: number) => new Date(ms)
    const log = (createdAt: Date, cost: string, projectId: number | null) =>
      db('ai_usage_logs').insert({
        organization_id: tenant.organizationId,
        project_id: projectId,
        provider: 'openai',
        model: 'gpt-4o',
        cost,
        created_at: createdAt,
      })
    await log(week.from, '0.100000000001', tenant.projectId) // the week's first instant
    await log(at(now.getTime() - 1000), '0.2', tenant.projectId)
    await log(at(week.from.getTime() - 1000), '5', tenant.projectId) // last week
    await log(at(now.getTime() - 1000), '7', null) // the organization's, no project
    const created = await createBudget(db, { ...fields, organizationId: tenant.organizationId, userId: null })
    if (!created.ok) throw new Error('the budget was not created')
    // An alert of the monthly period: it stays.
    await recordAlerts(db, [
      {
        organizationId: tenant.organizationId,
        budgetId: created.budget.id,
        userId: null,
        kind: 'warning',
        periodStart: created.budget.currentPeriodStart,
        details: {},
      },
    ])

    const updated = await updateBudget(db, created.budget.id, {
      ...fields,
      monthlyLimit: '1.00',
      scope: { projectId: tenant.projectId },
      period: 'weekly',
    })
    expect(updated).toMatchObject({
      ok: true,
      budget: {
        id: created.budget.id,
        userId: null,
        projectId: tenant.projectId,
        period: 'weekly',
        timeZone: 'UTC',
        monthlyLimit: '1.00',
        currentMonthUsage: '0.300000000001',
        currentPeriodStart: week.start,
      },
    })
    expect(
      await db('ai_budget_alerts').where({ budget_id: created.budget.id }).pluck('period_start'),
    ).toEqual([created.budget.currentPeriodStart])

    // Back to the organization, daily in another zone: the counter follows again.
    const day = periodBounds('daily', 'Pacific/Kiritimati', now)
    const back = await updateBudget(db, created.budget.id, {
      ...fields,
      scope: {},
      period: 'daily',
      timeZone: 'Pacific/Kiritimati',
    })
    const { rows } = await db.raw(
      `select coalesce(sum(cost), 0)::numeric(20,12)::text as sum from ai_usage_logs
       where organization_id = ? and created_at >= ? and created_at < ?`,
      [tenant.organizationId, day.from, day.to],
    )
    expect(back).toMatchObject({
      ok: true,
      budget: {
        projectId: null,
        period: 'daily',
        currentPeriodStart: day.start,
        currentMonthUsage: rows[0].sum,
      },
    })

    // Refusals: another budget's scope and period, a project of another organization, two scopes.
    const weekly = await createBudget(db, {
      ...fields,
      organizationId: tenant.organizationId,
      userId: null,
      projectId: tenant.projectId,
      period: 'weekly',
    })
    expect(weekly.ok).toBe(true)
    const retarget = (scope: { projectId?: number; userId?: number }) =>
      updateBudget(db, created.budget.id, { ...fields, scope, period: 'weekly' })
    expect(await retarget({ projectId: tenant.projectId })).toEqual({
      ok: false,
      problem: 'duplicate',
      errors: { projectId: 'This project already has a weekly budget.' },
    })
    expect(await retarget({ projectId: other.projectId })).toMatchObject({
      ok: false,
      problem: 'invalid',
      errors: { projectId: 'This project does not belong to the organization.' },
    })
    expect(await retarget({ projectId: tenant.projectId, userId: tenant.userId })).toMatchObject({
      ok: false,
      problem: 'invalid',
    })
    expect(
      await updateBudget(db, created.budget.id, { ...fields, period: 'hourly', timeZone: 'Nowhere/Else' }),
    ).toMatchObject({
      ok: false,
      problem: 'invalid',
      errors: { period: expect.any(String), timeZone: expect.any(String) },
    })
    // Refused changes changed nothing.
    expect(await db('ai_budgets').where({ id: created.budget.id }).first()).toMatchObject({
      project_id: null,
      period: 'daily',
      period_time_zone: 'Pacific/Kiritimati',
    })
  })

  it('recomputes the counter exactly while 8 connections keep logging for the new scope', async () => {
    const tenant = await createTenant(db, 'Retarget Racing')
    const created = await createBudget(db, { ...fields, organizationId: tenant.organizationId, userId: null })
    if (!created.ok) throw new Error('the budget was not created')
    let writing = true
    let logged = 0
    const writer = async (w: number) => {
      for (let i = 0; writing || i < 5; i++) {
        await db.transaction(async (trx) => {
          const projectId = (w + i) % 2 ? tenant.projectId : null
          const cost = `0.00${(w % 9) + 1}${i % 10}25`
          const createdAt = new Date()
          await trx('ai_usage_logs').insert({
            organization_id: tenant.organizationId,
            project_id: projectId,
            provider: 'openai',
            model: 'gpt-4o',
            cost,
            created_at: createdAt,
          })
          await addToBudgetCounters(trx, tenant.organizationId, [
            { userId: null, projectId, cost, createdAt },
          ])
          await trx.raw('select pg_sleep(0.01)')
        })
        logged++
      }
    }
    const writers = Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)))
    while (logged < 40) await new Promise((resolve) => setTimeout(resolve, 5))
    const updated = await updateBudget(db, created.budget.id, {
      ...fields,
      scope: { projectId: tenant.projectId },
      period: 'daily',
    })
    expect(updated.ok).toBe(true)
    const loggedBefore = logged
    while (logged < loggedBefore + 40) await new Promise((resolve) => setTimeout(resolve, 5))
    writing = false
    await writers
    const { rows } = await db.raw(
      `select b.current_month_usage = coalesce(sum(l.cost), 0) as equal,
              b.current_month_usage::text as counter, coalesce(sum(l.cost), 0)::text as logs
       from ai_budgets b
       left join ai_usage_logs l on l.organization_id = b.organization_id and l.project_id = b.project_id
         and l.created_at >= b.current_period_start::timestamp at time zone 'UTC'
       where b.id = ?
       group by b.id`,
      [created.budget.id],
    )
    expect(rows[0]).toMatchObject({ equal: true })
  })
})
