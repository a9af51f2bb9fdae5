import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticateUser } from '../auth/sessions'
import { createDb, type Db } from '../knex'
import { ADMIN_EMAIL, isSeeded } from '../seed/seed-demo-data'
import { createTenant } from '../testing'
import { upsertUsers } from './upsert-directory'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

describe('an app’s users and sign-in', () => {
  it('an app’s user with an account’s email neither shadows the account nor signs in', async () => {
    const t = await createTenant(db, 'Shadow')
    // The app's user comes first, so a lookup by email alone would find it before the account.
    await upsertUsers(db, t.organizationId, [{ externalId: 'usr_shadow', email: 'Shadow@Example.com' }])
    await db('users').insert({ email: 'shadow@example.com', name: 'Account', password_hash: 'stored-hash' })
    const verify = async (password: string, stored: string) =>
      password === 'right' && stored === 'stored-hash'
    expect(await authenticateUser(db, 'shadow@example.com', 'right', verify)).toMatchObject({
      name: 'Account',
    })

    await upsertUsers(db, t.organizationId, [{ externalId: 'usr_only', email: 'only-app@example.com' }])
    await db('users').where({ external_id: 'usr_only' }).update({ password_hash: 'stored-hash' })
    expect(await authenticateUser(db, 'only-app@example.com', 'right', verify)).toBeNull()
  })

  it('an app’s user with the admin’s email does not make the database look seeded', async () => {
    const t = await createTenant(db, 'Seeded')
    await upsertUsers(db, t.organizationId, [{ externalId: 'usr_admin', email: ADMIN_EMAIL }])
    const accounts = await db('users')
      .whereRaw('lower(email) = ?', [ADMIN_EMAIL])
      .whereNull('organization_id')
    expect(await isSeeded(db)).toBe(accounts.length > 0)
  })
})
