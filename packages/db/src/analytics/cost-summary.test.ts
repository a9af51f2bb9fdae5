import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { getCostSummary } from './cost-summary'
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

describe('getCostSummary', () => {
  it('reads today live from the logs and earlier days from the rollups, with comparisons', async () => {
    const summary = await getCostSummary(db, { now: NOW, organizationId: scenario.a.organizationId })
    expect(summary.today).toEqual({
      cost: '1.000000000000',
      requests: 3,
      from: '2026-03-18',
      to: '2026-03-18',
      previous: { cost: '2.000000000000', requests: 4, from: '2026-03-17', to: '2026-03-17' },
      change: -50,
    })
    // Monday 16th to today against Monday 9th to Wednesday 11th.
    expect(summary.week).toEqual({
      cost: '4.500000000000',
      requests: 10,
      from: '2026-03-16',
      to: '2026-03-18',
      previous: { cost: '3.000000000000', requests: 2, from: '2026-03-09', to: '2026-03-11' },
      change: 50,
    })
    // March 1st to 18th against February 1st to 18th.
    expect(summary.month).toEqual({
      cost: '117.500000000000',
      requests: 23,
      from: '2026-03-01',
      to: '2026-03-18',
      previous: { cost: '4.000000000000', requests: 1, from: '2026-02-01', to: '2026-02-18' },
      change: 2837.5,
    })
    // Earlier months from the monthly rollup: 54 (Feb) + 7 (Dec).
    expect(summary.allTime).toEqual({ cost: '178.500000000000', requests: 35 })
  })

  it('has no change figure when the previous period spent nothing', async () => {
    const summary = await getCostSummary(db, { now: NOW, organizationId: scenario.b.organizationId })
    expect(summary.today).toMatchObject({ cost: '0.400000000000', requests: 1, change: null })
    expect(summary.allTime).toEqual({ cost: '0.400000000000', requests: 1 })
  })

  it('compares a 31st with the last day of a shorter month', async () => {
    const summary = await getCostSummary(db, {
      now: new Date('2026-03-31T08:00:00Z'),
      organizationId: scenario.a.organizationId,
    })
    expect(summary.month.previous).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      cost: '54.000000000000',
    })
  })
})
