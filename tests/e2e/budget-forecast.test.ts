import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { addUtcDays } from '@tokenledger/domain'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// budgets.check with `forecast: true`: each budget's month-end forecast, on a fixed clock.
let db: Db
let api: ApiServer
let tenant: Tenant
let client: TokenledgerClient
const now = new Date('2032-03-10T00:00:00Z') // March 2032 starts on a Monday

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, clock: () => now, adminUrl: 'http://admin.test' })
  tenant = await createTenant(db, 'Forecast Check')
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

describe('budgets.check forecast', () => {
  it('adds each budget’s month-end forecast only when asked', async () => {
    // 1..9 March: 5 a weekday, 1 a weekend day (7 weekdays, 2 weekend days: 37).
    const rows = Array.from({ length: 9 }, (_, i) => {
      const date = addUtcDays('2032-03-01', i)
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())
      return {
        date,
        organization_id: tenant.organizationId,
        category: 'general',
        provider: 'openai',
        model: 'gpt-4o',
        total_cost: weekend ? '1' : '5',
      }
    })
    await db('ai_usage_daily').insert(rows)
    await db('ai_budgets').insert({
      organization_id: tenant.organizationId,
      monthly_limit: '100.00',
      current_month_usage: '37',
      current_period_start: '2032-03-01',
    })
    const plain = await client.budgets.check.query({})
    expect(plain.budgets[0]).not.toHaveProperty('forecast')
    const withForecast = await client.budgets.check.query({ forecast: true })
    // 10..31 March: 16 weekdays at 5 and 6 weekend days at 1: 37 + 80 + 6 = 123; 101 on 25 March.
    expect(withForecast.budgets[0]).toMatchObject({
      usage: '37.000000',
      forecast: {
        method: 'weekday-weighted',
        spentSoFar: '37.000000',
        projectedTotal: '123.000000',
        limitReachedOn: '2032-03-25',
        willExceed: true,
      },
    })
  })

  it("forecasts a project's weekly budget in its zone, from the project's own calls", async () => {
    // Europe/Berlin is UTC+1 in March 2032; the week of Monday 8 March began at 7 March 23:00Z and
    // the clock (10 March 00:00Z) is Wednesday 01:00 there: 2 complete days, so the plain run-rate.
    const project = await db('projects')
      .insert({ organization_id: tenant.organizationId, name: 'Forecast Project' })
      .returning('id')
      .then(([row]) => row.id as number)
    await db('ai_usage_logs').insert(
      [
        { project_id: project, cost: '3', created_at: '2032-03-07T23:30:00Z' }, // Monday 00:30 in Berlin
        { project_id: project, cost: '1.9', created_at: '2032-03-09T20:00:00Z' },
        { project_id: project, cost: '0.1', created_at: '2032-03-09T23:30:00Z' }, // Wednesday 00:30
        { project_id: null, cost: '40', created_at: '2032-03-09T20:00:00Z' }, // not the project's
      ].map((row) => ({
        ...row,
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
      })),
    )
    const [budget] = await db('ai_budgets')
      .insert({
        organization_id: tenant.organizationId,
        project_id: project,
        period: 'weekly',
        period_time_zone: 'Europe/Berlin',
        monthly_limit: '50.00',
        current_month_usage: '5',
        current_period_start: '2032-03-08',
      })
      .returning('id')
    const check = await client.budgets.check.query({ projectId: project, forecast: true })
    // 5 in the 49 hours since Monday's midnight, for the 168 of the week: 5 × 168 / 49 = 17.142857.
    expect(check.budgets.find((b) => b.budgetId === budget.id)).toMatchObject({
      scope: 'project',
      period: 'weekly',
      forecast: {
        method: 'run-rate',
        spentSoFar: '5.000000',
        projectedTotal: '17.142857',
        limitReachedOn: null,
        willExceed: false,
      },
    })
  })
})
