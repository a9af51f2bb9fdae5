import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { getCostByProvider } from './cost-by-provider'
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

describe('getCostByProvider', () => {
  it("splits this month's cost by provider with shares, today live", async () => {
    // March before today: openai 10 + 2, google 3, anthropic 100 + 1.5; today: openai 0.25,
    // anthropic 0.75, mistral unpriced. Total 117.5.
    expect(await getCostByProvider(db, { now: NOW, organizationId: scenario.a.organizationId })).toEqual([
      { provider: 'anthropic', cost: '102.250000000000', requests: 5, share: 87 },
      { provider: 'openai', cost: '12.250000000000', requests: 15, share: 10.4 },
      { provider: 'google', cost: '3.000000000000', requests: 2, share: 2.6 },
      { provider: 'mistral', cost: '0.000000000000', requests: 1, share: 0 },
    ])
  })
})
