import { addUtcDays } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { forecastBudgets, forecastTotalSpend, recordWillExceedAlerts } from './budget-forecasts'
import { createChannel, setChannelActive } from './channels'
import { detectSpendAnomalies } from './detect-anomalies'
import { dispatchAlerts } from './dispatch-alerts'
import { recordAlerts } from './record-alerts'

// What the worker's alert jobs do with the database: forecasts, anomalies, dispatching.
let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

/** One daily rollup row per day from `from`, for the tenant (and user, if given). */
async function dailyRows(tenant: Tenant, from: string, costs: string[], userId: number | null = null) {
  await db('ai_usage_daily').insert(
    costs.map((cost, i) => ({
      date: addUtcDays(from, i),
      organization_id: tenant.organizationId,
      user_id: userId,
      category: 'general',
      provider: 'openai',
      model: 'gpt-4o',
      request_count: 1,
      total_cost: cost,
    })),
  )
}

describe('channels', () => {
  it('validates input and gives a webhook a secret, once', async () => {
    expect(await createChannel(db, { kind: 'webhook', name: ' ', target: 'ftp://x' })).toEqual({
      ok: false,
      errors: { name: 'Give the channel a name.', target: 'An http:// or https:// URL.' },
    })
    expect(await createChannel(db, { kind: 'email', name: 'Ops', target: 'ops@, x' })).toMatchObject({
      ok: false,
      errors: { target: expect.stringMatching(/email addresses/) },
    })
    const hook = await createChannel(db, { kind: 'webhook', name: 'Hook', target: 'https://example.test/h' })
    if (!hook.ok) throw new Error('refused')
    expect(hook.secret).toMatch(/^tlwh_[\w-]{43}$/)
    expect(hook.channel).not.toHaveProperty('secret')
    const mail = await createChannel(db, {
      kind: 'email',
      name: 'Ops',
      target: 'a@example.test,b@example.test',
    })
    expect(mail).toMatchObject({
      ok: true,
      secret: null,
      channel: { target: 'a@example.test, b@example.test' },
    })
    await db('alert_channels').delete()
  })
})

describe('dispatchAlerts', () => {
  it('queues one delivery per alert and active channel, once', async () => {
    // The package's test files share one database: first dispatch what other files recorded.
    await dispatchAlerts(db, async () => {})
    const tenant = await createTenant(db, 'Dispatch')
    const a = await createChannel(db, { kind: 'webhook', name: 'A', target: 'http://127.0.0.1:1/a' })
    const b = await createChannel(db, { kind: 'email', name: 'B', target: 'b@example.test' })
    const off = await createChannel(db, { kind: 'webhook', name: 'Off', target: 'http://127.0.0.1:1/off' })
    if (!a.ok || !b.ok || !off.ok) throw new Error('refused')
    await setChannelActive(db, off.channel.id, false)
    const [id] = await recordAlerts(db, [
      {
        organizationId: tenant.organizationId,
        budgetId: null,
        userId: null,
        kind: 'anomaly',
        periodStart: '2031-01-05',
        details: {},
      },
    ])
    const queued: unknown[] = []
    const enqueue = async (d: { alertId: number; channelId: number }) => {
      queued.push(d)
    }
    expect(await dispatchAlerts(db, enqueue)).toEqual({ alerts: 1, deliveries: 2 })
    expect(queued).toEqual([
      { alertId: id, channelId: a.channel.id },
      { alertId: id, channelId: b.channel.id },
    ])
    expect(await dispatchAlerts(db, enqueue)).toEqual({ alerts: 0, deliveries: 0 })
    // A failed enqueue leaves the alert for the next run.
    await recordAlerts(db, [
      {
        organizationId: tenant.organizationId,
        budgetId: null,
        userId: null,
        kind: 'anomaly',
        periodStart: '2031-01-06',
        details: {},
      },
    ])
    await expect(dispatchAlerts(db, async () => Promise.reject(new Error('queue down')))).rejects.toThrow(
      'queue down',
    )
    expect(await dispatchAlerts(db, enqueue)).toEqual({ alerts: 1, deliveries: 2 })
    await db('alert_channels').delete()
  })
})

describe('forecasts', () => {
  it('forecasts each budget from its rollup days and its counter, and alerts will_exceed once', async () => {
    const tenant = await createTenant(db, 'Forecast')
    // June 2031 starts on a Sunday. 1..9 June: the organization spends 4 a day, 1 of it by the user.
    await dailyRows(tenant, '2031-06-01', Array(9).fill('3'))
    await dailyRows(tenant, '2031-06-01', Array(9).fill('1'), tenant.userId)
    const [org, user] = await db('ai_budgets')
      .insert([
        {
          organization_id: tenant.organizationId,
          user_id: null,
          monthly_limit: '200.00',
          current_month_usage: '38',
          current_period_start: '2031-06-01',
        },
        {
          organization_id: tenant.organizationId,
          user_id: tenant.userId,
          monthly_limit: '100.00',
          current_month_usage: '9',
          current_period_start: '2031-06-01',
        },
      ])
      .returning('id')
    const now = new Date('2031-06-10T00:00:00Z')
    const forecasts = await forecastBudgets(db, now, [org.id, user.id])
    // Organization: 36 over 9 days plus 2 already today (38 on the counter); 4 a day for 21 more days.
    expect(forecasts.get(org.id)).toMatchObject({
      method: 'weekday-weighted',
      spentSoFar: '38.000000',
      projectedTotal: '122.000000',
      willExceed: false,
    })
    expect(forecasts.get(user.id)).toMatchObject({ spentSoFar: '9.000000', projectedTotal: '30.000000' })

    await db('ai_budgets').where({ id: org.id }).update({ monthly_limit: '100.00' })
    expect(await recordWillExceedAlerts(db, now)).toBe(1)
    expect(await recordWillExceedAlerts(db, new Date('2031-06-11T00:00:00Z'))).toBe(0)
    const [alert] = await db('ai_budget_alerts').where({ budget_id: org.id, kind: 'will_exceed' })
    expect(alert.details).toEqual({
      limit: '100.00',
      spentSoFar: '38.000000',
      projectedTotal: '122.000000',
      limitReachedOn: '2031-06-25', // 38 + 4 × 16 days (10 .. 25 June) = 102
      method: 'weekday-weighted',
    })
    expect(await forecastTotalSpend(db, new Date('2031-06-09T12:00:00Z'))).toMatchObject({
      spentSoFar: '36.000000',
    })
  })
})

describe('detectSpendAnomalies', () => {
  it('alerts an organization whose day is above factor × its 14-day median, once', async () => {
    const calm = await createTenant(db, 'Calm')
    const spiky = await createTenant(db, 'Spiky')
    await dailyRows(calm, '2031-08-01', [...Array(14).fill('10'), '29'])
    await dailyRows(spiky, '2031-08-01', [...Array(14).fill('10'), '31'])
    expect(await detectSpendAnomalies(db, '2031-08-15', '3')).toEqual({ organizations: 2, anomalies: 1 })
    expect(await detectSpendAnomalies(db, '2031-08-15', '3')).toEqual({ organizations: 2, anomalies: 0 })
    const rows = await db('ai_budget_alerts').where({ kind: 'anomaly', period_start: '2031-08-15' })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      organization_id: spiky.organizationId,
      budget_id: null,
      details: {
        day: '2031-08-15',
        cost: '31.000000000000',
        median: '10.000000',
        ratio: '3.10',
        factor: '3',
      },
    })
  })
})
