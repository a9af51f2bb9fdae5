import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { findOverrideParties } from './override-parties'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

describe('findOverrideParties', () => {
  it('names the organization and the user, and null for ones that are gone', async () => {
    const tenant = await createTenant(db, 'Parties')
    expect(
      await findOverrideParties(db, { organizationId: tenant.organizationId, userId: tenant.userId }),
    ).toEqual({ organizationName: 'Parties', userName: 'Parties User' })
    expect(await findOverrideParties(db, { organizationId: 2 ** 40, userId: 2 ** 40 })).toEqual({
      organizationName: null,
      userName: null,
    })
  })
})
