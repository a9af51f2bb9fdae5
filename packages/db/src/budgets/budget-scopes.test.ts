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
    // An app's user (by external id) is a member too, but typed in, not listed.
    const [appUser] = await db('users')
      .insert({ organization_id: tenant.organizationId, external_id: 'usr_1' })
      .returning('id')
    await db('organization_user').insert({ organization_id: tenant.organizationId, user_id: appUser.id })
    const [revoked] = await db('api_keys')
      .insert({
        organization_id: tenant.organizationId,
        name: 'old',
        prefix: `${tenant.slug}-old`,
        key_hash: 'x',
        revoked_at: new Date(),
      })
      .returning('id')
    const scopes = (await listBudgetScopes(db)).filter((s) => s.name.startsWith('Scopes '))
    expect(scopes).toEqual([
      { id: empty.id, name: 'Scopes A', members: [], projects: [], apiKeys: [] },
      {
        id: tenant.organizationId,
        name: 'Scopes B',
        members: [
          { id: member.id, name: 'Aaron', email: `${tenant.slug}-a@example.test` },
          { id: tenant.userId, name: 'Scopes B User', email: `${tenant.slug}@example.test` },
        ],
        projects: [{ id: tenant.projectId, name: 'Scopes B Project' }],
        apiKeys: [{ id: tenant.apiKeyId, name: 'test', prefix: expect.any(String) }],
      },
    ])
    expect(scopes[1]?.apiKeys.map((k) => k.id)).not.toContain(revoked.id)
  })
})
