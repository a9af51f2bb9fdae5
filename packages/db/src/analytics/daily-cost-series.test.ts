import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { getDailyCostSeries } from './daily-cost-series'
import { createDashboardScenario, NOW, type Scenario } from './test-fixtures'

let db: Db
let scenario: Scenario
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  scenario = await createDashboardScenario(db)
})
afterAll(async () => {
  await db('organizations').whereIn('id', [scenario.a.organizationId, scenario.b.organizationId]).delete()
  await db.destroy()
})

describe('getDailyCostSeries', () => {
  it('gives one point per day for the last 30 days, today live, days without spend at 0', async () => {
    const series = await getDailyCostSeries(db, { now: NOW, organizationId: scenario.a.organizationId })
    expect(series).toHaveLength(30)
    expect(series[0]?.day).toBe('2026-02-17')
    expect(series.at(-1)).toEqual({ day: '2026-03-18', cost: '1.000000000000', requests: 3 })
    const spent = Object.fromEntries(series.filter((p) => p.requests > 0).map((p) => [p.day, p.cost]))
    expect(spent).toEqual({
      '2026-02-25': '50.000000000000',
      '2026-03-02': '10.000000000000',
      '2026-03-10': '3.000000000000',
      '2026-03-12': '100.000000000000',
      '2026-03-16': '1.500000000000',
      '2026-03-17': '2.000000000000',
      '2026-03-18': '1.000000000000',
    })
    expect(series.find((p) => p.day === '2026-03-01')).toEqual({
      day: '2026-03-01',
      cost: '0.000000000000',
      requests: 0,
    })
  })

  it('takes another length', async () => {
    const series = await getDailyCostSeries(db, {
      now: NOW,
      days: 7,
      organizationId: scenario.a.organizationId,
    })
    expect(series.map((p) => p.day)).toEqual([
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-15',
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
    ])
  })
})
