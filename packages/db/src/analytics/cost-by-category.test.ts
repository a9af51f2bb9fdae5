import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { getCostByCategory } from './cost-by-category'
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

describe('getCostByCategory', () => {
  it("splits this month's cost by category with labels and shares", async () => {
    expect(await getCostByCategory(db, { now: NOW, organizationId: scenario.a.organizationId })).toEqual([
      {
        category: 'estimate_analysis',
        label: 'Estimate analysis',
        cost: '110.000000000000',
        requests: 11,
        share: 93.6,
      },
      { category: 'summarization', label: 'Summarization', cost: '5.250000000000', requests: 7, share: 4.5 },
      { category: 'general', label: 'General', cost: '2.250000000000', requests: 5, share: 1.9 },
    ])
  })

  it('is empty for an organization without spend this month', async () => {
    expect(
      await getCostByCategory(db, {
        now: new Date('2027-01-10T00:00:00Z'),
        organizationId: scenario.a.organizationId,
      }),
    ).toEqual([])
  })
})
