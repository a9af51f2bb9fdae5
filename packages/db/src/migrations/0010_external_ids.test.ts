import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { createTenant } from '../testing'
import { rollBackThrough } from '../testing/roll-back-through'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

describe('0010_external_ids', () => {
  it('keeps external ids unique per organization, never across organizations', async () => {
    const a = await createTenant(db, 'Ext A')
    const b = await createTenant(db, 'Ext B')
    await db('users').insert({
      organization_id: a.organizationId,
      external_id: 'usr_1',
      email: 'ana@example.com',
    })
    await db('users').insert({
      organization_id: b.organizationId,
      external_id: 'usr_1',
      email: 'ana@example.com',
    })
    await expect(
      db('users').insert({ organization_id: a.organizationId, external_id: 'usr_1' }),
    ).rejects.toThrow(/users_external_id_unique/)
    await db('projects').insert({ organization_id: a.organizationId, name: 'P', external_id: 'prj_1' })
    await db('projects').insert({ organization_id: b.organizationId, name: 'P', external_id: 'prj_1' })
    await expect(
      db('projects').insert({ organization_id: a.organizationId, name: 'Q', external_id: 'prj_1' }),
    ).rejects.toThrow(/projects_external_id_unique/)
    await db('documents').insert({ project_id: a.projectId, name: 'D', external_id: 'doc_1' })
    await db('documents').insert({ project_id: b.projectId, name: 'D', external_id: 'doc_1' })
    await expect(
      db('documents').insert({ project_id: a.projectId, name: 'E', external_id: 'doc_1' }),
    ).rejects.toThrow(/documents_external_id_unique/)
  })

  it('bounds external ids and keeps accounts apart from an app’s users', async () => {
    const t = await createTenant(db, 'Ext Bounds')
    const base = { organization_id: t.organizationId }
    await expect(db('users').insert({ ...base, external_id: '' })).rejects.toThrow(/users_external_id_length/)
    await expect(db('users').insert({ ...base, external_id: 'x'.repeat(256) })).rejects.toThrow(
      /users_external_id_length/,
    )
    await db('users').insert({ ...base, external_id: 'x'.repeat(255) })
    // An external id needs an owning organization, and an account needs an email and a name.
    await expect(
      db('users').insert({ external_id: 'usr_x', email: 'x@example.com', name: 'X' }),
    ).rejects.toThrow(/users_external_id_owner/)
    await expect(db('users').insert({ name: 'No email' })).rejects.toThrow(/users_account_fields/)
    // Sign-in emails stay unique among accounts only.
    const account = await db('users').where({ id: t.userId }).first('email')
    await db('users').insert({ ...base, external_id: 'usr_same_email', email: account.email.toUpperCase() })
    await expect(db('users').insert({ email: account.email, name: 'Twin' })).rejects.toThrow(
      /users_email_unique/,
    )
  })

  it('fills a document’s organization from its project and refuses one that disagrees', async () => {
    const a = await createTenant(db, 'Ext Doc A')
    const b = await createTenant(db, 'Ext Doc B')
    const doc = await db('documents').where({ id: a.documentId }).first('organization_id')
    expect(doc.organization_id).toBe(a.organizationId)
    await expect(
      db('documents').insert({ project_id: a.projectId, organization_id: b.organizationId, name: 'X' }),
    ).rejects.toThrow(/documents_project_organization/)
    // Moving a document to another project moves its organization with it.
    await db('documents').where({ id: a.documentId }).update({ project_id: b.projectId })
    const moved = await db('documents').where({ id: a.documentId }).first('organization_id')
    expect(moved.organization_id).toBe(b.organizationId)
  })

  it('goes back and forward again with an app’s users, projects and documents in place', async () => {
    const t = await createTenant(db, 'Ext Down')
    const [user] = await db('users')
      .insert({ organization_id: t.organizationId, external_id: 'usr_down' })
      .returning('id')
    await db('projects').where({ id: t.projectId }).update({ external_id: 'prj_down' })
    await db('ai_usage_logs').insert({
      organization_id: t.organizationId,
      user_id: user.id,
      provider: 'openai',
      model: 'gpt-4o',
    })
    // Two app users and no user on one rollup key: they fold into the no-user row, totals whole.
    const [second] = await db('users')
      .insert({ organization_id: t.organizationId, external_id: 'usr_down_2' })
      .returning('id')
    const key = {
      organization_id: t.organizationId,
      category: 'general',
      provider: 'openai',
      model: 'gpt-4o',
    }
    await db('ai_usage_daily').insert(
      [user.id, second.id, null].map((userId, i) => ({
        ...key,
        date: '2031-05-04',
        user_id: userId,
        request_count: i + 1,
        total_cost: `0.00000${i + 1}`,
      })),
    )
    await db('ai_usage_monthly').insert(
      [user.id, second.id].map((userId) => ({
        year: 2031,
        month: 5,
        organization_id: t.organizationId,
        user_id: userId,
        category: 'general',
        request_count: 2,
        total_cost: '1.5',
      })),
    )

    expect((await rollBackThrough(db, '0010_external_ids')).at(-1)).toBe('0010_external_ids')
    expect(
      await db('ai_usage_daily')
        .where({ organization_id: t.organizationId })
        .select('user_id', 'request_count', 'total_cost'),
    ).toEqual([{ user_id: null, request_count: 6, total_cost: '0.000006' }])
    expect(
      await db('ai_usage_monthly')
        .where({ organization_id: t.organizationId })
        .select('user_id', 'request_count', 'total_cost'),
    ).toEqual([{ user_id: null, request_count: 4, total_cost: '3.000000' }])
    const columns = async (table: string) => Object.keys(await db(table).columnInfo())
    expect(await columns('users')).not.toContain('external_id')
    expect(await columns('projects')).not.toContain('external_id')
    expect(await columns('documents')).not.toContain('organization_id')
    // The app's user is gone, its log stays unattributed; accounts and projects stay.
    expect(await db('users').where({ id: user.id }).first()).toBeUndefined()
    expect(await db('ai_usage_logs').where({ organization_id: t.organizationId }).pluck('user_id')).toEqual([
      null,
    ])
    expect(await db('projects').where({ id: t.projectId }).first('id')).toBeTruthy()
    await expect(db('users').insert({ name: 'No email' })).rejects.toThrow(/not-null/)

    expect(await migrateLatest(db)).toContain('0010_external_ids')
    const doc = await db('documents').where({ id: t.documentId }).first('organization_id')
    expect(doc.organization_id).toBe(t.organizationId)
  })
})
