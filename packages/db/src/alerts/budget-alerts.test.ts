import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addToBudgetCounters } from '../budgets/add-to-budget-counters'
import { decideOverride, requestOverride } from '../budgets/overrides'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { alertPayload, alertSummary } from './alert-message'
import { loadAlert } from './load-alerts'

// Alerts recorded in the counters' transaction, against real Postgres.
let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

async function logCost(tenant: Tenant, cost: string, at: string, userId: number | null = null) {
  await db.transaction((trx) =>
    addToBudgetCounters(trx, tenant.organizationId, [{ userId, cost, createdAt: new Date(at) }]),
  )
}

const alerts = (tenant: Tenant) =>
  db('ai_budget_alerts')
    .where({ organization_id: tenant.organizationId })
    .orderBy('id')
    .select('kind', 'period_start', 'user_id', 'details', 'dispatched_at')

async function addBudget(tenant: Tenant, userId: number | null, limit: string, period = '2031-03-01') {
  const [row] = await db('ai_budgets')
    .insert({
      organization_id: tenant.organizationId,
      user_id: userId,
      monthly_limit: limit,
      current_period_start: period,
    })
    .returning('id')
  return row.id as number
}

describe('budget alerts from the counters', () => {
  it('records the warning and the limit once each per period, in the increment that reaches them', async () => {
    const tenant = await createTenant(db, 'Alerts')
    await addBudget(tenant, null, '10.00')
    await logCost(tenant, '7.999999', '2031-03-02T10:00:00Z')
    expect(await alerts(tenant)).toEqual([])
    await logCost(tenant, '0.000001', '2031-03-02T10:01:00Z')
    await logCost(tenant, '1', '2031-03-02T10:02:00Z')
    expect(await alerts(tenant)).toEqual([
      {
        kind: 'warning',
        period_start: '2031-03-01',
        user_id: null,
        details: { usage: '8.000000000000', limit: '10.00', threshold: '80.00' },
        dispatched_at: null,
      },
    ])
    await logCost(tenant, '5', '2031-03-03T00:00:00Z')
    await logCost(tenant, '5', '2031-03-04T00:00:00Z')
    expect((await alerts(tenant)).map((a) => [a.kind, a.period_start, a.details.usage])).toEqual([
      ['warning', '2031-03-01', '8.000000000000'],
      ['exceeded', '2031-03-01', '14.000000000000'],
    ])
    // A new month fires both again, from one call past the limit.
    await logCost(tenant, '12', '2031-04-01T00:00:01Z')
    expect((await alerts(tenant)).map((a) => [a.kind, a.period_start])).toEqual([
      ['warning', '2031-03-01'],
      ['exceeded', '2031-03-01'],
      ['warning', '2031-04-01'],
      ['exceeded', '2031-04-01'],
    ])
  })

  it('8 connections logging at once past both thresholds record each alert once', async () => {
    const tenant = await createTenant(db, 'Concurrent Alerts')
    await addBudget(tenant, null, '1.00')
    const wide = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 8 } })
    try {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          wide.transaction(async (trx) => {
            for (let j = 0; j < 5; j++)
              await addToBudgetCounters(trx, tenant.organizationId, [
                { userId: null, cost: '0.05', createdAt: new Date(`2031-03-0${1 + (i % 5)}T12:00:00Z`) },
              ])
          }),
        ),
      )
    } finally {
      await wide.destroy()
    }
    // 40 × 0.05 = 2.00: past 0.80 and 1.00, each recorded by exactly one of the writers.
    expect((await alerts(tenant)).map((a) => a.kind)).toEqual(['warning', 'exceeded'])
  })

  it('a user budget alerts for its own counter; a rolled-back increment alerts nothing', async () => {
    const tenant = await createTenant(db, 'User Alerts')
    await addBudget(tenant, null, '100.00')
    await addBudget(tenant, tenant.userId, '1.00')
    await expect(
      db.transaction(async (trx) => {
        await addToBudgetCounters(trx, tenant.organizationId, [
          { userId: tenant.userId, cost: '2', createdAt: new Date('2031-03-05T00:00:00Z') },
        ])
        throw new Error('log insert failed')
      }),
    ).rejects.toThrow('log insert failed')
    expect(await alerts(tenant)).toEqual([])
    await logCost(tenant, '2', '2031-03-05T00:00:00Z', tenant.userId)
    expect((await alerts(tenant)).map((a) => [a.kind, a.user_id])).toEqual([
      ['warning', tenant.userId],
      ['exceeded', tenant.userId],
    ])
  })

  it('inactive budgets and budgets without a limit alert nothing', async () => {
    const tenant = await createTenant(db, 'Quiet')
    await addBudget(tenant, null, '1.00')
    await db('ai_budgets').where({ organization_id: tenant.organizationId }).update({ is_active: false })
    await logCost(tenant, '5', '2031-03-05T00:00:00Z')
    await db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .update({ is_active: true, monthly_limit: null })
    await logCost(tenant, '5', '2031-03-05T00:00:00Z')
    expect(await alerts(tenant)).toEqual([])
  })

  it('a confirmed override alerts once per budget and month', async () => {
    const tenant = await createTenant(db, 'Override Alerts')
    const now = new Date()
    const month = `${now.toISOString().slice(0, 7)}-01`
    const budgetId = await addBudget(tenant, null, '1.00', month)
    await logCost(tenant, '1.5', now.toISOString())
    for (let i = 0; i < 2; i++) {
      const request = await requestOverride(db, {
        organizationId: tenant.organizationId,
        userId: tenant.userId,
        now,
      })
      if (!request.ok) throw new Error('override refused')
      const decided = await decideOverride(db, { id: request.override.id, decision: 'confirm', now })
      expect(decided.ok).toBe(true)
    }
    const overrides = await db('ai_budget_alerts')
      .where({ organization_id: tenant.organizationId, kind: 'override' })
      .select('budget_id', 'period_start', 'details')
    expect(overrides).toHaveLength(1)
    expect(overrides[0]).toMatchObject({
      budget_id: budgetId,
      period_start: month,
      details: { usage: '1.500000', limit: '1.00', confirmedBy: tenant.userId },
    })
  })

  it('a weekly project budget alerts once per threshold per week, named by its project and week', async () => {
    const tenant = await createTenant(db, 'Weekly Alerts')
    await db('ai_budgets').insert({
      organization_id: tenant.organizationId,
      project_id: tenant.projectId,
      period: 'weekly',
      monthly_limit: '10.00',
      current_period_start: '2031-03-03',
    })
    const logProject = (cost: string, at: string) =>
      db.transaction((trx) =>
        addToBudgetCounters(trx, tenant.organizationId, [
          { userId: null, projectId: tenant.projectId, cost, createdAt: new Date(at) },
        ]),
      )
    await logProject('8', '2031-03-04T10:00:00Z') // Tuesday: warning
    await logProject('1', '2031-03-08T10:00:00Z') // Saturday, same week: nothing new
    await logProject('9', '2031-03-10T00:00:00Z') // next Monday: a new week, warning again
    await logProject('2', '2031-03-16T23:59:59Z') // Sunday: that week's limit
    const rows = await db('ai_budget_alerts')
      .where({ organization_id: tenant.organizationId })
      .orderBy('id')
      .select('id', 'kind', db.raw('period_start::text as period'))
    expect(rows.map((r) => [r.kind, r.period])).toEqual([
      ['warning', '2031-03-03'],
      ['warning', '2031-03-10'],
      ['exceeded', '2031-03-10'],
    ])
    const alert = await loadAlert(db, rows[2].id)
    expect(alert && alertSummary(alert)).toBe(
      "project Weekly Alerts Project's weekly budget in Weekly Alerts is used up: $11.00 of $10.00 spent in the week of 2031-03-10",
    )
    expect(alert && alertPayload(alert, new Date()).period).toBe('weekly')
  })
})
