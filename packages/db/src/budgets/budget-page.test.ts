import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getBudgetStates } from '../analytics/budget-states'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { listBudgetOrganizations, listBudgetPage } from './budget-admin'

let db: Db
let zeta: Tenant
let alpha: Tenant
const now = new Date('2032-03-11T12:00:00Z')

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  // Created first, listed last: the list goes by organization name.
  zeta = await createTenant(db, 'Zeta Paging')
  alpha = await createTenant(db, 'Alpha Paging')
  for (const t of [zeta, alpha]) {
    const users = await db('users')
      .insert(Array.from({ length: 6 }, (_, i) => ({ email: `${t.slug}-${i}@example.test`, name: `U${i}` })))
      .returning('id')
    await db('organization_user').insert(
      users.map((u) => ({ organization_id: t.organizationId, user_id: u.id })),
    )
    await db('ai_budgets').insert([
      ...users.map((u) => ({ organization_id: t.organizationId, user_id: u.id, monthly_limit: '10' })),
      { organization_id: t.organizationId, monthly_limit: '100' },
      { organization_id: t.organizationId, project_id: t.projectId, monthly_limit: '5' },
    ])
  }
})
afterAll(async () => {
  await db.destroy()
})

describe('listBudgetPage', () => {
  it('pages one organization in the order of the whole list', async () => {
    const whole = await getBudgetStates(db, { now, organizationId: alpha.organizationId })
    const pages = [1, 2, 3].map((page) =>
      listBudgetPage(db, { organizationId: alpha.organizationId, page, pageSize: 3 }),
    )
    const [first, second, third] = await Promise.all(pages)
    expect(first).toMatchObject({ total: 8, page: 1, pageCount: 3 })
    expect([...(first?.ids ?? []), ...(second?.ids ?? []), ...(third?.ids ?? [])]).toEqual(
      whole.map((b) => b.id),
    )
    expect(third?.ids).toHaveLength(2)
    // A page past the last reads as the last.
    expect(await listBudgetPage(db, { organizationId: alpha.organizationId, page: 9, pageSize: 3 })).toEqual(
      third,
    )
  })

  it('filters by scope kind, and puts organizations in name order', async () => {
    const orgs = await listBudgetPage(db, { scope: 'organization', pageSize: 1000 })
    const states = await getBudgetStates(db, { now, budgetIds: orgs.ids })
    expect(states.every((b) => b.userId == null && b.projectId == null && b.apiKeyId == null)).toBe(true)
    const ours = states.filter((b) => [alpha.organizationId, zeta.organizationId].includes(b.organizationId))
    expect(ours.map((b) => b.organizationName)).toEqual(['Alpha Paging', 'Zeta Paging'])
    const projects = await listBudgetPage(db, { organizationId: zeta.organizationId, scope: 'project' })
    expect(projects.total).toBe(1)
    const users = await listBudgetPage(db, { organizationId: zeta.organizationId, scope: 'user' })
    expect(users.total).toBe(6)
  })

  it('lists the organizations that have budgets', async () => {
    const bare = await createTenant(db, 'No Budget Paging')
    const orgs = await listBudgetOrganizations(db)
    const ids = orgs.map((o) => o.id)
    expect(ids).toContain(alpha.organizationId)
    expect(ids).not.toContain(bare.organizationId)
    expect(ids.indexOf(alpha.organizationId)).toBeLessThan(ids.indexOf(zeta.organizationId))
  })
})
