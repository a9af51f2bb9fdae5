import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { listBudgetScopes } from './budget-scopes'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

describe('listBudgetScopes', () => {
  it('lists organizations by name with their members by name, and organizations without members', async () => {
    const tenant = await createTenant(db, 'Scopes B')
    const [member] = await db('users')
      .insert({ email: `${tenant.slug}-a@example.test`, name: 'Aaron' })
      .returning('id')
    await db('organization_user').insert({
      organization_id: tenant.organizationId,
      user_id: member.id,
      role: 'ic',
    })
    const [empty] = await db('organizations')
      .insert({ name: 'Scopes A', slug: `${tenant.slug}-empty` })
      .returning('id')
    const scopes = (await listBudgetScopes(db)).filter((s) => s.name.startsWith('Scopes '))
    expect(scopes).toEqual([
      { id: empty.id, name: 'Scopes A', members: [] },
      {
        id: tenant.organizationId,
        name: 'Scopes B',
        members: [
          { id: member.id, name: 'Aaron', email: `${tenant.slug}-a@example.test` },
          { id: tenant.userId, name: 'Scopes B User', email: `${tenant.slug}@example.test` },
        ],
      },
    ])
  })
})
