import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { daysMissingRollups } from './days-missing-rollups'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

// 1995: no other test logs calls then, so the window holds only this file's rows.
const NOW = new Date('1995-06-10T15:00:00Z')

describe('daysMissingRollups', () => {
  it('finds the days in the window with logs but no daily rollup, by UTC day', async () => {
    const tenant = await createTenant(db, 'Missing Rollups')
    const log = (createdAt: string) => ({
      organization_id: tenant.organizationId,
      provider: 'openai',
      model: 'gpt-4o',
      cost: '0.010000',
      created_at: new Date(createdAt),
    })
    await db('ai_usage_logs').insert([
      log('1995-06-05T12:00:00Z'), // before the window
      log('1995-06-06T23:59:59.999Z'),
      log('1995-06-08T00:00:00Z'),
      log('1995-06-09T10:00:00Z'), // rolled up below
      log('1995-06-10T14:00:00Z'),
    ])
    await db('ai_usage_daily').insert({
      date: '1995-06-09',
      organization_id: tenant.organizationId,
      category: 'general',
      provider: 'openai',
      model: 'gpt-4o',
      request_count: 1,
      success_count: 1,
      total_cost: '0.010000',
    })
    expect(await daysMissingRollups(db, 5, NOW)).toEqual(['1995-06-06', '1995-06-08', '1995-06-10'])
    expect(await daysMissingRollups(db, 1, NOW)).toEqual(['1995-06-10'])
    expect(await daysMissingRollups(db, 0, NOW)).toEqual([])
  })
})
