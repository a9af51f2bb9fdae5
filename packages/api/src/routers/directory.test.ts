import { createDb, type Db } from '@tokenledger/db'
import { createTenant, createTestDatabase, type Tenant, type TestDatabase } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFactory } from '../context'
import { appRouter } from './index'

// The directory procedures through the router, with a real API key against real Postgres.
let database: TestDatabase
let db: Db
let tenant: Tenant

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  tenant = await createTenant(db, 'Directory Router')
})
afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

const caller = (apiKey: string | null) =>
  appRouter.createCaller(
    contextFactory({ db })({ req: { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} } }),
  )

describe('directory router', () => {
  it('upserts users with one result per item, a bad item rejected alone', async () => {
    const api = caller(tenant.apiKey)
    await api.directory.upsertUsers({ items: [{ externalId: 'usr_1', name: 'Old' }] })
    const answer = await api.directory.upsertUsers({
      items: [
        { externalId: 'usr_1', name: 'Ana' },
        { externalId: 'usr_2', email: 'not-an-email' },
        { externalId: 'usr_3', email: 'bo@example.com' },
        { externalId: 'usr_3' },
      ],
    })
    expect(answer).toMatchObject({ created: 1, updated: 1, unchanged: 0, rejected: 2 })
    expect(answer.results).toEqual([
      { status: 'updated', externalId: 'usr_1', id: expect.any(Number) },
      { status: 'rejected', externalId: 'usr_2', reason: expect.stringMatching(/^email/) },
      { status: 'created', externalId: 'usr_3', id: expect.any(Number) },
      { status: 'rejected', externalId: 'usr_3', reason: 'externalId appears more than once in this call' },
    ])
    const users = await db('users')
      .where({ organization_id: tenant.organizationId })
      .orderBy('external_id')
      .select('external_id', 'name', 'email')
    expect(users).toEqual([
      { external_id: 'usr_1', name: 'Ana', email: null },
      { external_id: 'usr_3', name: null, email: 'bo@example.com' },
    ])
  })

  it('upserts projects and documents; a new document without its project is rejected', async () => {
    const api = caller(tenant.apiKey)
    const projects = await api.directory.upsertProjects({ items: [{ externalId: 'prj_1', name: 'Tower' }] })
    const [project] = projects.results
    if (project?.status !== 'created') throw new Error(`project not created: ${JSON.stringify(project)}`)
    const documents = await api.directory.upsertDocuments({
      items: [{ externalId: 'doc_1', projectExternalId: 'prj_1' }, { externalId: 'doc_orphan' }],
    })
    expect(documents.results.map((r) => r.status)).toEqual(['created', 'rejected'])
    const document = await db('documents').where({ organization_id: tenant.organizationId }).first()
    expect(document).toMatchObject({ external_id: 'doc_1', name: 'doc_1', project_id: project.id })
  })

  it('refuses more than 1,000 items and calls without an API key', async () => {
    const items = Array.from({ length: 1_001 }, (_, i) => ({ externalId: `usr_${i}` }))
    await expect(caller(tenant.apiKey).directory.upsertUsers({ items })).rejects.toThrow(
      /at most 1000 items per call/,
    )
    await expect(caller(null).directory.upsertUsers({ items: [] })).rejects.toThrow()
  })
})
