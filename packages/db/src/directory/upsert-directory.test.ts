import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { upsertDocuments, upsertProjects, upsertUsers } from './upsert-directory'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

describe('upsertUsers', () => {
  it('reports created, updated and unchanged per item, and never blanks an omitted field', async () => {
    const t = await createTenant(db, 'Sync Users')
    const first = await upsertUsers(db, t.organizationId, [
      { externalId: 'u1', email: 'one@example.com', name: 'One' },
      { externalId: 'u2' },
    ])
    expect(first).toEqual([
      { status: 'created', externalId: 'u1', id: expect.any(Number) },
      { status: 'created', externalId: 'u2', id: expect.any(Number) },
    ])
    const second = await upsertUsers(db, t.organizationId, [
      { externalId: 'u1' },
      { externalId: 'u2', name: 'Two' },
      { externalId: 'u1b', email: 'one@example.com' },
      { externalId: 'u1', email: 'one@example.com' },
    ])
    expect(second.map((r) => r.status)).toEqual(['unchanged', 'updated', 'created', 'rejected'])
    expect(second[0]).toMatchObject({ id: first[0]?.status !== 'rejected' && first[0]?.id })
    expect(second[3]).toEqual({
      status: 'rejected',
      externalId: 'u1',
      reason: 'externalId appears more than once in this call',
    })
    const rows = await db('users')
      .where({ organization_id: t.organizationId })
      .orderBy('external_id')
      .select('external_id', 'email', 'name')
    expect(rows).toEqual([
      { external_id: 'u1', email: 'one@example.com', name: 'One' },
      { external_id: 'u1b', email: 'one@example.com', name: null },
      { external_id: 'u2', email: null, name: 'Two' },
    ])
  })

  it('rejects bad items alone and writes the good ones', async () => {
    const t = await createTenant(db, 'Sync Bad')
    const results = await upsertUsers(db, t.organizationId, [
      { externalId: '' },
      { externalId: 'ok_1', email: 'not an email' },
      { externalId: 'ok_2', unknown: true },
      'usr_plain_string',
      { externalId: 'x'.repeat(256) },
      { externalId: 'ok_3', name: 'Fine' },
    ])
    expect(results).toEqual([
      { status: 'rejected', externalId: '', reason: 'externalId: must not be empty' },
      { status: 'rejected', externalId: 'ok_1', reason: 'email: Invalid email address' },
      { status: 'rejected', externalId: 'ok_2', reason: expect.stringMatching(/unknown/i) },
      { status: 'rejected', externalId: null, reason: expect.any(String) },
      {
        status: 'rejected',
        externalId: 'x'.repeat(256),
        reason: 'externalId: must be at most 255 characters',
      },
      { status: 'created', externalId: 'ok_3', id: expect.any(Number) },
    ])
    expect(await db('users').where({ organization_id: t.organizationId }).pluck('external_id')).toEqual([
      'ok_3',
    ])
  })

  it('keeps organizations apart and refuses more than 1,000 items', async () => {
    const a = await createTenant(db, 'Sync A')
    const b = await createTenant(db, 'Sync B')
    const [ra] = await upsertUsers(db, a.organizationId, [{ externalId: 'same', name: 'In A' }])
    const [rb] = await upsertUsers(db, b.organizationId, [{ externalId: 'same' }])
    expect(ra?.status).toBe('created')
    expect(rb?.status).toBe('created')
    expect(await db('users').where({ external_id: 'same' }).pluck('name')).toEqual(
      expect.arrayContaining(['In A', null]),
    )
    const many = Array.from({ length: 1001 }, (_, i) => ({ externalId: `u${i}` }))
    await expect(upsertUsers(db, a.organizationId, many)).rejects.toThrow(
      'at most 1000 items per call, got 1001',
    )
    const max = await upsertUsers(db, a.organizationId, many.slice(0, 1000))
    expect(max.filter((r) => r.status === 'created')).toHaveLength(1000)
  })
})

describe('upsertProjects and upsertDocuments', () => {
  it('names a new project by its external id until a name is given', async () => {
    const t = await createTenant(db, 'Sync Projects')
    await upsertProjects(db, t.organizationId, [{ externalId: 'p1' }])
    const [renamed, same] = await upsertProjects(db, t.organizationId, [
      { externalId: 'p1', name: 'Website' },
      { externalId: 'p1_other' },
    ])
    expect(renamed?.status).toBe('updated')
    expect(same?.status).toBe('created')
    expect(
      await db('projects').where({ organization_id: t.organizationId, external_id: 'p1' }).first('name'),
    ).toEqual({
      name: 'Website',
    })
  })

  it('links documents to their project, creating it, moving it, and refusing a new one without', async () => {
    const t = await createTenant(db, 'Sync Docs')
    const results = await upsertDocuments(db, t.organizationId, [
      { externalId: 'd1', name: 'Spec', projectExternalId: 'p_new' },
      { externalId: 'd2' },
    ])
    expect(results).toEqual([
      { status: 'created', externalId: 'd1', id: expect.any(Number) },
      { status: 'rejected', externalId: 'd2', reason: expect.stringMatching(/needs projectExternalId/) },
    ])
    const project = await db('projects')
      .where({ organization_id: t.organizationId, external_id: 'p_new' })
      .first()
    expect(project).toMatchObject({ name: 'p_new' })
    // Known documents need no project; a given one moves the document.
    const later = await upsertDocuments(db, t.organizationId, [
      { externalId: 'd1' },
      { externalId: 'd1', projectExternalId: 'p_two' },
    ])
    expect(later.map((r) => r.status)).toEqual(['unchanged', 'rejected'])
    const [moved] = await upsertDocuments(db, t.organizationId, [
      { externalId: 'd1', projectExternalId: 'p_two' },
    ])
    expect(moved?.status).toBe('updated')
    const doc = await db('documents').where({ organization_id: t.organizationId, external_id: 'd1' }).first()
    const two = await db('projects')
      .where({ organization_id: t.organizationId, external_id: 'p_two' })
      .first('id')
    expect(doc).toMatchObject({ name: 'Spec', project_id: two.id })
  })
})
