import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { findProjectIdByExternalId } from './project-by-external-id'
import { upsertProjects } from './upsert-directory'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

describe('findProjectIdByExternalId', () => {
  it('finds the organization’s project and creates none', async () => {
    const a = await createTenant(db, 'Project Lookup A')
    const b = await createTenant(db, 'Project Lookup B')
    const [synced] = await upsertProjects(db, a.organizationId, [{ externalId: 'prj_look', name: 'Look' }])
    expect(await findProjectIdByExternalId(db, a.organizationId, 'prj_look')).toBe(
      synced?.status === 'created' ? synced.id : -1,
    )
    expect(await findProjectIdByExternalId(db, b.organizationId, 'prj_look')).toBeNull()
    expect(
      await db('projects').where({ organization_id: b.organizationId, external_id: 'prj_look' }),
    ).toEqual([])
  })
})
