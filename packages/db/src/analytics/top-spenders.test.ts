import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertUsers } from '../directory'
import { createDb, type Db } from '../knex'
import { createDashboardScenario, insertLogs, NOW, type Scenario } from './test-fixtures'
import { getTopOrganizations } from './top-organizations'
import { getTopUsers } from './top-users'

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

describe('getTopOrganizations', () => {
  it('ranks organizations by this month’s spend', async () => {
    const top = await getTopOrganizations(db, { now: NOW })
    const ours = top.filter((o) =>
      [scenario.a.organizationId, scenario.b.organizationId].includes(o.organizationId),
    )
    expect(ours).toEqual([
      {
        organizationId: scenario.a.organizationId,
        name: 'Analytics A',
        slug: scenario.a.slug,
        cost: '117.500000000000',
        requests: 23,
      },
      {
        organizationId: scenario.b.organizationId,
        name: 'Analytics B',
        slug: scenario.b.slug,
        cost: '0.400000000000',
        requests: 1,
      },
    ])
    expect(top.length).toBeLessThanOrEqual(10)
    const costs = top.map((o) => Number(o.cost))
    expect(costs).toEqual([...costs].sort((x, y) => y - x))
  })

  it('honours the limit and the organization scope', async () => {
    expect(
      await getTopOrganizations(db, { now: NOW, limit: 1, organizationId: scenario.b.organizationId }),
    ).toEqual([expect.objectContaining({ organizationId: scenario.b.organizationId })])
  })
})

describe('getTopUsers', () => {
  it('ranks users by this month’s spend, leaving out calls without a user', async () => {
    // A's first user: 10 + 100 + today 0.25 (+ an unpriced call); second: 3 + 1.5 + today 0.75.
    expect(await getTopUsers(db, { now: NOW, organizationId: scenario.a.organizationId })).toEqual([
      {
        userId: scenario.a.userId,
        name: 'Analytics A User',
        email: `${scenario.a.slug}@example.test`,
        externalId: null,
        organizations: ['Analytics A'],
        cost: '110.250000000000',
        requests: 13,
      },
      {
        userId: scenario.a.secondUserId,
        name: 'Analytics A Second',
        email: expect.stringContaining('@example.test'),
        externalId: null,
        organizations: ['Analytics A'],
        cost: '5.250000000000',
        requests: 6,
      },
    ])
  })
})

describe('getTopUsers with an app user', () => {
  it('lists a user known only by the app id, without name or email', async () => {
    const [created] = await upsertUsers(db, scenario.b.organizationId, [{ externalId: 'usr_top' }])
    const userId = created?.status === 'rejected' ? null : created?.id
    // Today is read live, so a call at NOW counts without a rollup.
    await insertLogs(db, [
      { organization_id: scenario.b.organizationId, user_id: userId, created_at: NOW, cost: '500.00' },
    ])
    const [top] = await getTopUsers(db, { now: NOW, organizationId: scenario.b.organizationId })
    expect(top).toEqual({
      userId,
      name: null,
      email: null,
      externalId: 'usr_top',
      organizations: ['Analytics B'],
      cost: '500.000000000000',
      requests: 1,
    })
  })
})
