import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { resolveExternalRefs } from './resolve-external-refs'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 60 } })
})
afterAll(() => db.destroy())

const resolve = (organizationId: number, refs: Parameters<typeof resolveExternalRefs>[2]) =>
  db.transaction((trx) => resolveExternalRefs(trx, organizationId, refs))

describe('resolveExternalRefs', () => {
  it('creates one user for 50 concurrent first sightings, each in its own transaction', async () => {
    const t = await createTenant(db, 'Fifty')
    // Every transaction is open (and has run a statement) before any of them resolves.
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    let open = 0
    const calls = Array.from({ length: 50 }, () =>
      db.transaction(async (trx) => {
        await trx.raw('select 1')
        if (++open === 50) release()
        await gate
        return resolveExternalRefs(trx, t.organizationId, [
          { user: { externalId: 'usr_42', email: 'ana@example.com' } },
        ])
      }),
    )
    const results = await Promise.all(calls)
    const users = await db('users').where({ organization_id: t.organizationId, external_id: 'usr_42' })
    expect(users).toHaveLength(1)
    expect(users[0]).toMatchObject({ email: 'ana@example.com', name: null, password_hash: null })
    expect(new Set(results.map(([r]) => (r?.ok ? r.userId : r?.message)))).toEqual(new Set([users[0].id]))
    // A member, so the existing attribution check and budgets accept it.
    const member = await db('organization_user').where({
      organization_id: t.organizationId,
      user_id: users[0].id,
    })
    expect(member).toEqual([expect.objectContaining({ role: 'ic' })])
  })

  it('makes the same external id two users in two organizations', async () => {
    const a = await createTenant(db, 'Org A')
    const b = await createTenant(db, 'Org B')
    const ref = { user: { externalId: 'usr_42', email: 'ana@example.com' } }
    const [ra] = await resolve(a.organizationId, [ref])
    const [rb] = await resolve(b.organizationId, [ref])
    expect(ra?.ok && rb?.ok).toBe(true)
    if (!ra?.ok || !rb?.ok) return
    expect(ra.userId).not.toBe(rb.userId)
    expect(await db('organization_user').where({ user_id: ra.userId }).pluck('organization_id')).toEqual([
      a.organizationId,
    ])
  })

  it('updates a known user’s name and email when given and keeps them when omitted', async () => {
    const t = await createTenant(db, 'Updates')
    const [first] = await resolve(t.organizationId, [
      { user: { externalId: 'u1', email: 'a@example.com', name: 'Ana' } },
    ])
    await resolve(t.organizationId, [{ user: { externalId: 'u1' } }])
    expect(
      await db('users').where({ organization_id: t.organizationId, external_id: 'u1' }).first(),
    ).toMatchObject({
      email: 'a@example.com',
      name: 'Ana',
    })
    const [second] = await resolve(t.organizationId, [{ user: { externalId: 'u1', name: 'Ana Lima' } }])
    expect(second).toEqual(first)
    expect(
      await db('users').where({ organization_id: t.organizationId, external_id: 'u1' }).first(),
    ).toMatchObject({
      email: 'a@example.com',
      name: 'Ana Lima',
    })
  })

  it('writes nothing for a known user named with nothing new', async () => {
    const t = await createTenant(db, 'Quiet')
    const ref = { user: { externalId: 'u_quiet', email: 'q@example.com' } }
    await resolve(t.organizationId, [ref])
    const version = () =>
      db('users')
        .where({ organization_id: t.organizationId, external_id: 'u_quiet' })
        .first(db.raw('xmin::text'))
    const sequence = async () => (await db.raw('select last_value from users_id_seq')).rows[0].last_value
    const [before, seqBefore] = [await version(), await sequence()]
    await resolve(t.organizationId, [ref, { user: { externalId: 'u_quiet' } }])
    await resolve(t.organizationId, [{ user: { externalId: 'u_quiet', email: 'q@example.com' } }])
    expect(await version()).toEqual(before)
    expect(await sequence()).toEqual(seqBefore)
  })

  it('creates a document and its project on first sight and links them', async () => {
    const t = await createTenant(db, 'Docs')
    const [r] = await resolve(t.organizationId, [
      { document: { externalId: 'doc_1', name: 'Brief.pdf', projectExternalId: 'prj_1' } },
    ])
    if (!r?.ok) throw new Error(JSON.stringify(r))
    const doc = await db('documents').where({ id: r.documentId }).first()
    const project = await db('projects').where({ id: doc.project_id }).first()
    expect(doc).toMatchObject({ external_id: 'doc_1', name: 'Brief.pdf', organization_id: t.organizationId })
    expect(project).toMatchObject({ external_id: 'prj_1', name: 'prj_1', organization_id: t.organizationId })
    // Known later by its id alone; the project comes from the document in the attribution check.
    const [again] = await resolve(t.organizationId, [{ document: { externalId: 'doc_1' } }])
    expect(again).toEqual({ ok: true, documentId: r.documentId })
  })

  it('files a new document under the event’s project, and refuses one with no project at all', async () => {
    const t = await createTenant(db, 'Doc Project')
    const [byNumber, byRef, none] = await resolve(t.organizationId, [
      { projectId: t.projectId, document: { externalId: 'd_num' } },
      { project: { externalId: 'p_ref', name: 'Ref' }, document: { externalId: 'd_ref' } },
      { document: { externalId: 'd_none' } },
    ])
    if (!byNumber?.ok || !byRef?.ok) throw new Error('expected both to resolve')
    expect(await db('documents').where({ id: byNumber.documentId }).first('project_id')).toEqual({
      project_id: t.projectId,
    })
    expect(await db('documents').where({ id: byRef.documentId }).first('project_id')).toEqual({
      project_id: byRef.projectId,
    })
    expect(none).toEqual({ ok: false, message: expect.stringMatching(/d_none is new and has no project/) })
    expect(await db('documents').where({ external_id: 'd_none' })).toEqual([])
  })

  it('refuses to file a new document under another organization’s project, and writes nothing for it', async () => {
    const t = await createTenant(db, 'Mine')
    const other = await createTenant(db, 'Theirs')
    const [r] = await resolve(t.organizationId, [
      {
        user: { externalId: 'u_foreign' },
        projectId: other.projectId,
        document: { externalId: 'd_foreign' },
      },
    ])
    expect(r).toEqual({
      ok: false,
      message: `project ${other.projectId} does not belong to this organization`,
    })
    expect(await db('users').where({ organization_id: t.organizationId, external_id: 'u_foreign' })).toEqual(
      [],
    )
    expect(await db('documents').where({ external_id: 'd_foreign' })).toEqual([])
  })

  it('passes numeric ids through for the attribution check and refuses naming both forms', async () => {
    const t = await createTenant(db, 'Both')
    const results = await resolve(t.organizationId, [
      { userId: t.userId, projectId: 999999, documentId: t.documentId },
      { userId: t.userId, user: { externalId: 'u_both' } },
      { projectId: t.projectId, project: { externalId: 'p_both' } },
      { document: { externalId: ' bad' } },
    ])
    expect(results).toEqual([
      { ok: true, userId: t.userId, projectId: 999999, documentId: t.documentId },
      { ok: false, message: expect.stringMatching(/either by userId or by user/) },
      { ok: false, message: expect.stringMatching(/either by projectId or by project/) },
      { ok: false, message: 'document: externalId: must not start or end with spaces' },
    ])
    expect(await db('users').where({ external_id: 'u_both' })).toEqual([])
  })

  it('merges one document named by several events of a batch', async () => {
    const t = await createTenant(db, 'Doc Batch')
    const results = await resolve(t.organizationId, [
      { document: { externalId: 'd_b', name: 'Named', projectExternalId: 'p_b' } },
      { document: { externalId: 'd_b' } },
    ])
    expect(results.every((r) => r.ok)).toBe(true)
    const doc = await db('documents').where({ organization_id: t.organizationId, external_id: 'd_b' }).first()
    const project = await db('projects')
      .where({ organization_id: t.organizationId, external_id: 'p_b' })
      .first()
    expect(doc).toMatchObject({ name: 'Named', project_id: project.id })
  })

  it('merges one user named by several events of a batch, the last given value winning', async () => {
    const t = await createTenant(db, 'Batch')
    const results = await resolve(t.organizationId, [
      { user: { externalId: 'u_b', name: 'First' } },
      { user: { externalId: 'u_b', email: 'b@example.com' } },
      { user: { externalId: 'u_b', name: 'Last' } },
    ])
    const ids = new Set(results.map((r) => (r.ok ? r.userId : null)))
    expect(ids.size).toBe(1)
    expect(await db('users').where({ organization_id: t.organizationId, external_id: 'u_b' })).toEqual([
      expect.objectContaining({ name: 'Last', email: 'b@example.com' }),
    ])
  })
})
