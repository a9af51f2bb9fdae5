import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBudget } from '../budgets/budget-admin'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { upsertUsers } from './upsert-directory'
import { findOrCreateUserByExternalId, findUserIdByExternalId } from './user-by-external-id'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

const fields = { monthlyLimit: '50.00', warningThreshold: '80', allowOverride: true, isActive: true }

describe('findUserIdByExternalId', () => {
  it('finds the organization’s user and creates none', async () => {
    const a = await createTenant(db, 'Lookup A')
    const b = await createTenant(db, 'Lookup B')
    const [synced] = await upsertUsers(db, a.organizationId, [{ externalId: 'usr_look' }])
    expect(await findUserIdByExternalId(db, a.organizationId, 'usr_look')).toBe(
      synced?.status === 'created' ? synced.id : -1,
    )
    expect(await findUserIdByExternalId(db, b.organizationId, 'usr_look')).toBeNull()
    expect(await db('users').where({ organization_id: b.organizationId })).toEqual([])
  })
})

describe('findOrCreateUserByExternalId', () => {
  it('finds a synced user by external id, so the budget lands on that user', async () => {
    const t = await createTenant(db, 'Budget Ext')
    const [synced] = await upsertUsers(db, t.organizationId, [
      { externalId: 'usr_7', email: 'seven@example.com' },
    ])
    const found = await findOrCreateUserByExternalId(db, t.organizationId, { externalId: 'usr_7' })
    expect(found).toEqual({ ok: true, userId: synced?.status === 'created' ? synced.id : -1 })
    if (!found.ok) return
    const budget = await createBudget(db, {
      ...fields,
      organizationId: t.organizationId,
      userId: found.userId,
    })
    expect(budget).toMatchObject({ ok: true, budget: { userId: found.userId } })
  })

  it('creates a member for an id never seen, before its first call', async () => {
    const t = await createTenant(db, 'Budget New')
    const created = await findOrCreateUserByExternalId(db, t.organizationId, {
      externalId: 'usr_new',
      name: 'New',
    })
    if (!created.ok) throw new Error(created.errors.user)
    expect(await db('users').where({ id: created.userId }).first()).toMatchObject({
      organization_id: t.organizationId,
      external_id: 'usr_new',
      name: 'New',
    })
    expect(
      await createBudget(db, { ...fields, organizationId: t.organizationId, userId: created.userId }),
    ).toMatchObject({
      ok: true,
    })
  })

  it('answers bad input and unknown organizations with a field error', async () => {
    const t = await createTenant(db, 'Budget Bad')
    expect(await findOrCreateUserByExternalId(db, t.organizationId, { externalId: '' })).toEqual({
      ok: false,
      errors: { user: 'externalId: must not be empty' },
    })
    expect(await findOrCreateUserByExternalId(db, 987654321, { externalId: 'usr_1' })).toEqual({
      ok: false,
      errors: { user: 'No such organization.' },
    })
  })
})
