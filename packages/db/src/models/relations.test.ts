import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../auth/sessions'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { Organization } from './organization'
import { Session } from './session'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

describe('model relations', () => {
  it("loads an organization's members with their role, its projects' documents and its keys", async () => {
    const tenant = await createTenant(db, 'Relations')
    const org = await Organization.query(db)
      .findById(tenant.organizationId)
      .withGraphFetched('[users, projects.documents, apiKeys]')
    expect(org?.users?.map((u) => [u.id, u.role])).toEqual([[tenant.userId, expect.any(String)]])
    expect(org?.projects?.map((p) => [p.id, p.documents?.map((d) => d.id)])).toEqual([
      [tenant.projectId, [tenant.documentId]],
    ])
    expect(org?.apiKeys?.map((k) => k.id)).toEqual([tenant.apiKeyId])
  })

  it("loads a session's user", async () => {
    const tenant = await createTenant(db, 'Session Owner')
    await createSession(db, tenant.userId)
    const [session] = await Session.query(db).where({ user_id: tenant.userId }).withGraphFetched('user')
    expect(session?.user?.id).toBe(tenant.userId)
  })
})
