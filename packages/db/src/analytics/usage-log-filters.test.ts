import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertDocuments, upsertProjects, upsertUsers } from '../directory'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { getUsageLog } from './get-usage-log'
import { listUsageLogs } from './list-usage-logs'
import { insertLogs } from './test-fixtures'
import { applyUsageLogFilters, type UsageLogFilters } from './usage-log-filters'

// Two organizations whose apps both have a user "usr_f42" (external ids are unique per organization
// only), plus a project and a document known by the app's ids. No other test file uses the id:
// they share this database, and the all-organizations case would find theirs too.
let db: Db
let acme: Tenant
let globex: Tenant
const ids = { acmeUser: 0, globexUser: 0, project: 0, document: 0 }
const logs = { acmeUser: [] as number[], globexUser: [] as number[], project: 0, document: 0, account: 0 }

const created = (results: Array<{ status: string; id?: number }>) => {
  const [result] = results
  if (!result || result.id == null) throw new Error(`not created: ${JSON.stringify(results)}`)
  return result.id
}

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  acme = await createTenant(db, 'Xid Acme')
  globex = await createTenant(db, 'Xid Globex')
  // The Acme user has no name and no email: an app's user as the SDK first sees it.
  ids.acmeUser = created(await upsertUsers(db, acme.organizationId, [{ externalId: 'usr_f42' }]))
  ids.globexUser = created(
    await upsertUsers(db, globex.organizationId, [
      { externalId: 'usr_f42', name: 'Ana', email: 'ana@globex.test' },
    ]),
  )
  ids.project = created(
    await upsertProjects(db, acme.organizationId, [{ externalId: 'prj_7', name: 'Tower' }]),
  )
  ids.document = created(
    await upsertDocuments(db, acme.organizationId, [{ externalId: 'doc_9', projectExternalId: 'prj_7' }]),
  )
  const at = (minute: number) => new Date(Date.UTC(2026, 3, 10, 12, minute))
  const [a1, a2, g1, p, d, account] = await insertLogs(db, [
    { organization_id: acme.organizationId, user_id: ids.acmeUser, created_at: at(1), cost: '0.01' },
    { organization_id: acme.organizationId, user_id: ids.acmeUser, created_at: at(2), cost: '0.02' },
    { organization_id: globex.organizationId, user_id: ids.globexUser, created_at: at(3), cost: '0.03' },
    { organization_id: acme.organizationId, project_id: ids.project, created_at: at(4), cost: '0.04' },
    {
      organization_id: acme.organizationId,
      project_id: ids.project,
      document_id: ids.document,
      created_at: at(5),
      cost: '0.05',
    },
    { organization_id: acme.organizationId, user_id: acme.userId, created_at: at(6), cost: '0.06' },
  ])
  logs.acmeUser = [a2 as number, a1 as number]
  logs.globexUser = [g1 as number]
  logs.project = p as number
  logs.document = d as number
  logs.account = account as number
})
afterAll(async () => {
  await db('organizations').whereIn('id', [acme.organizationId, globex.organizationId]).delete()
  await db.destroy()
})

async function listed(filters: UsageLogFilters): Promise<number[]> {
  const { rows } = await listUsageLogs(db, { filters, limit: 100 })
  return rows.map((r) => r.id)
}

describe('the external id filter', () => {
  it('finds a user by the app id within the chosen organization only', async () => {
    expect(await listed({ organizationId: acme.organizationId, externalId: 'usr_f42' })).toEqual(
      logs.acmeUser,
    )
    expect(await listed({ organizationId: globex.organizationId, externalId: 'usr_f42' })).toEqual(
      logs.globexUser,
    )
  })

  it('finds the id in every organization when none is chosen', async () => {
    const found = await listed({ externalId: 'usr_f42' })
    expect(found.sort()).toEqual([...logs.acmeUser, ...logs.globexUser].sort())
  })

  it("matches a project's and a document's external id", async () => {
    // The document's call is also the project's: both carry prj_7.
    expect(await listed({ organizationId: acme.organizationId, externalId: 'prj_7' })).toEqual([
      logs.document,
      logs.project,
    ])
    expect(await listed({ externalId: 'doc_9' })).toEqual([logs.document])
  })

  it('compares exactly: case matters, unknown ids match nothing', async () => {
    expect(await listed({ externalId: 'USR_42' })).toEqual([])
    expect(await listed({ externalId: 'usr_4' })).toEqual([])
    expect(await listed({ organizationId: acme.organizationId, externalId: 'nobody' })).toEqual([])
  })

  it('combines with the other filters', async () => {
    expect(
      await listed({ organizationId: acme.organizationId, externalId: 'usr_f42', from: '2026-04-11' }),
    ).toEqual([])
  })

  it('reads through indexes, never a sequential scan', async () => {
    for (const organizationId of [acme.organizationId, null]) {
      const sql = applyUsageLogFilters(db('ai_usage_logs as l'), { organizationId, externalId: 'usr_f42' })
        .select('l.id')
        .toSQL()
      // With sequential scans priced out, a predicate no index can serve still shows one.
      const plan = await db.transaction(async (trx) => {
        await trx.raw('set local enable_seqscan = off')
        const result = await trx.raw(`explain ${sql.sql}`, sql.bindings as never)
        return result.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')
      })
      expect(plan).not.toMatch(/Seq Scan/)
      // Users, projects and documents are each looked up by the id inside an index condition.
      expect(plan.match(/Index Cond: .*external_id = 'usr_f42'/g)).toHaveLength(3)
    }
  })
})

describe('app users in the listed and detailed rows', () => {
  it('carries the external ids beside the names, with no name for a bare app user', async () => {
    const { rows } = await listUsageLogs(db, { filters: { organizationId: acme.organizationId }, limit: 100 })
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(logs.acmeUser[0] as number)).toMatchObject({
      userId: ids.acmeUser,
      userName: null,
      userEmail: null,
      userExternalId: 'usr_f42',
    })
    expect(byId.get(logs.document)).toMatchObject({
      projectName: 'Tower',
      projectExternalId: 'prj_7',
      // Named by its external id until the app gives a name.
      documentName: 'doc_9',
      documentExternalId: 'doc_9',
    })
    expect(byId.get(logs.account)).toMatchObject({ userExternalId: null, projectExternalId: null })
  })

  it('shows the same in the detail', async () => {
    const detail = await getUsageLog(db, logs.acmeUser[0] as number)
    expect(detail?.user).toEqual({ id: ids.acmeUser, name: null, email: null, externalId: 'usr_f42' })
    const document = await getUsageLog(db, logs.document)
    expect(document?.project).toEqual({ id: ids.project, name: 'Tower', externalId: 'prj_7' })
    expect(document?.document).toEqual({ id: ids.document, name: 'doc_9', externalId: 'doc_9' })
  })
})

describe('the purpose filter', () => {
  const purposes = [
    'Weekly DIGEST, 100% done',
    'weekly digest_v2',
    'Weekly digestv2',
    'Summarize notes',
    null,
  ]
  const ids: number[] = []
  beforeAll(async () => {
    const rows = await db('ai_usage_logs')
      .insert(
        purposes.map((purpose_detail, i) => ({
          organization_id: globex.organizationId,
          provider: 'openai',
          model: 'gpt-4o',
          purpose_detail,
          created_at: new Date(Date.UTC(2026, 3, 11, 12, i)),
        })),
      )
      .returning('id')
    ids.push(...rows.map((r: { id: number }) => r.id))
  })
  const found = async (purpose: string) =>
    (await listed({ organizationId: globex.organizationId, purpose })).sort((a, b) => a - b)

  it('finds the calls whose purpose contains the text, in any case', async () => {
    expect(await found('digest')).toEqual([ids[0], ids[1], ids[2]])
    expect(await found('weekly Digest')).toEqual([ids[0], ids[1], ids[2]])
    expect(await found('notes')).toEqual([ids[3]])
    expect(await found('no such purpose')).toEqual([])
  })

  it('matches % and _ as themselves, not as wildcards', async () => {
    expect(await found('100%')).toEqual([ids[0]])
    expect(await found('% done')).toEqual([ids[0]])
    expect(await found('digest_v')).toEqual([ids[1]])
    expect(await found('_')).toEqual([ids[1]])
    expect(await found('\\')).toEqual([])
  })
})

describe('the purpose filter on the trigram index (0017)', () => {
  /** The plan of the filter's SQL with sequential scans priced out, as text. */
  const plan = async (filters: UsageLogFilters) => {
    const sql = applyUsageLogFilters(db('ai_usage_logs as l'), filters).select('l.id').toSQL()
    return db.transaction(async (trx) => {
      // A handful of rows: the planner would rightly scan them; what is checked is that the
      // filter's SQL can use the index, as it will when a month holds millions.
      await trx.raw('set local enable_seqscan = off')
      const result = await trx.raw(`explain ${sql.sql}`, sql.bindings as never)
      return result.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')
    })
  }

  it('finds the text through the index, with % and _ still escaped', async () => {
    for (const [purpose, pattern] of [
      ['warranty', '%warranty%'],
      ['100% done', '%100\\% done%'],
      ['digest_v2', '%digest\\_v2%'],
    ]) {
      const text = await plan({ purpose })
      expect(text).not.toMatch(/Seq Scan/)
      expect(text).toMatch(/Bitmap Index Scan on ai_usage_logs_\w+_purpose_detail_\w+/)
      // The index condition is the escaped pattern itself (ILIKE is ~~*).
      expect(text).toContain(`Index Cond: (purpose_detail ~~* '${pattern}'::text)`)
    }
  })
})
