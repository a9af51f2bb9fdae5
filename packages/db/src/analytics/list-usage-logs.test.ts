import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { iterateUsageLogs, listUsageLogs, USAGE_LOG_SORTS, type UsageLogSort } from './list-usage-logs'
import { createTenantWithTwoUsers, insertLogs, type LogRow } from './test-fixtures'
import type { UsageLogFilters } from './usage-log-filters'

let db: Db
let tenant: Awaited<ReturnType<typeof createTenantWithTwoUsers>>
let ids: number[]
let rows: Array<LogRow & { id: number }>

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenantWithTwoUsers(db, 'Log List')
  const base = Date.parse('2026-04-10T12:00:00.000Z')
  const logs: LogRow[] = []
  for (let i = 0; i < 37; i++) {
    logs.push({
      organization_id: tenant.organizationId,
      user_id: i % 3 === 0 ? tenant.secondUserId : tenant.userId,
      project_id: i % 2 ? tenant.projectId : null,
      document_id: i % 4 === 1 ? tenant.documentId : null,
      // Hours apart over three days, with ties: every fifth row shares its neighbour's instant.
      created_at: new Date(base + Math.floor(i / 5) * 2 * 3_600_000 + (i % 5 === 4 ? 0 : i * 60_000)),
      // Costs with ties and unpriced rows.
      cost: i % 7 === 0 ? null : `0.${String((i * 37) % 10).padStart(2, '0')}0000`,
      provider: i % 2 ? 'openai' : 'anthropic',
      model: i % 2 ? 'gpt-4o' : 'claude-sonnet-4',
      category: i % 3 ? 'summarization' : 'general',
      success: i % 6 !== 5,
      budget_override: i === 8,
    })
  }
  ids = await insertLogs(db, logs)
  rows = logs.map((l, i) => ({ ...l, id: ids[i] as number }))
  // Sub-millisecond neighbours: two rows a microsecond apart (JS Dates cannot tell them apart).
  await db.raw(`update ai_usage_logs set created_at = '2026-04-10 12:00:00.000001+00' where id = ?`, [
    ids[1] as number,
  ])
  await db.raw(`update ai_usage_logs set created_at = '2026-04-10 12:00:00.000002+00' where id = ?`, [
    ids[2] as number,
  ])
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

/** The expected order, computed by SQL without pagination. */
async function expectedIds(sort: UsageLogSort, filters: UsageLogFilters = {}): Promise<number[]> {
  const order = sort === 'newest' || sort === 'cost_desc' ? 'desc' : 'asc'
  const key = sort.startsWith('cost') ? 'coalesce(cost, -1)' : 'created_at'
  const query = db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .orderByRaw(`${key} ${order}, id ${order}`)
  if (filters.userId) query.where({ user_id: filters.userId })
  return (await query.select('id')).map((r: { id: number }) => r.id)
}

async function walk(sort: UsageLogSort, filters: UsageLogFilters, limit: number) {
  const pages: number[][] = []
  let cursor: string | null = null
  const cursors: Array<string | null> = []
  do {
    cursors.push(cursor)
    const page = await listUsageLogs(db, { filters, sort, cursor, limit })
    pages.push(page.rows.map((r) => r.id))
    cursor = page.nextCursor
  } while (cursor && pages.length < 100)
  return { pages, cursors }
}

describe('listUsageLogs', () => {
  it.each(USAGE_LOG_SORTS)('pages through every row exactly once, sorted %s', async (sort) => {
    const filters = { organizationId: tenant.organizationId }
    const { pages } = await walk(sort, filters, 8)
    expect(pages.map((p) => p.length)).toEqual([8, 8, 8, 8, 5])
    expect(pages.flat()).toEqual(await expectedIds(sort))
  })

  it('keeps rows a microsecond apart apart at page edges', async () => {
    const { pages } = await walk('oldest', { organizationId: tenant.organizationId }, 1)
    expect(pages.flat()).toEqual(await expectedIds('oldest'))
    const newest = await walk('newest', { organizationId: tenant.organizationId, to: '2026-04-10' }, 2)
    expect(newest.pages.flat().slice(-4)).toEqual([ids[2], ids[1], ids[4], ids[0]])
  })

  it('goes back a page with the previous cursor', async () => {
    const filters = { organizationId: tenant.organizationId }
    const first = await listUsageLogs(db, { filters, limit: 10 })
    expect(first.previousCursor).toBeNull()
    const second = await listUsageLogs(db, { filters, limit: 10, cursor: first.nextCursor })
    const third = await listUsageLogs(db, { filters, limit: 10, cursor: second.nextCursor })
    const back = await listUsageLogs(db, { filters, limit: 10, cursor: third.previousCursor })
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id))
    const backToFirst = await listUsageLogs(db, { filters, limit: 10, cursor: back.previousCursor })
    expect(backToFirst.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id))
    expect(backToFirst.previousCursor).toBeNull()
    expect(backToFirst.nextCursor).not.toBeNull()
  })

  it('combines filters', async () => {
    const check = async (filters: UsageLogFilters, keep: (r: (typeof rows)[number]) => boolean) => {
      const page = await listUsageLogs(db, {
        filters: { organizationId: tenant.organizationId, ...filters },
        limit: 100,
      })
      expect(page.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
        rows
          .filter(keep)
          .map((r) => r.id)
          .sort((a, b) => a - b),
      )
      return page
    }
    await check({ userId: tenant.secondUserId }, (r) => r.user_id === tenant.secondUserId)
    await check({ projectId: tenant.projectId }, (r) => r.project_id === tenant.projectId)
    await check({ documentId: tenant.documentId }, (r) => r.document_id === tenant.documentId)
    await check({ provider: 'openai', model: 'gpt-4o' }, (r) => r.provider === 'openai')
    await check({ category: 'general' }, (r) => r.category === 'general')
    await check({ success: false }, (r) => r.success === false)
    await check({ overridden: true }, (r) => r.budget_override === true)
    await check(
      { from: '2026-04-11', to: '2026-04-11' },
      (r) => new Date(r.created_at).toISOString().slice(0, 10) === '2026-04-11',
    )
    await check({ success: true, category: 'summarization', userId: tenant.userId }, (r) =>
      Boolean(r.success && r.category === 'summarization' && r.user_id === tenant.userId),
    )
  })

  it('returns names for the attribution columns and ignores a foreign cursor', async () => {
    const page = await listUsageLogs(db, {
      filters: { organizationId: tenant.organizationId, documentId: tenant.documentId },
      limit: 1,
      cursor: 'not-a-cursor',
    })
    expect(page.rows[0]).toMatchObject({
      organizationName: 'Log List',
      userName: expect.stringMatching(/^Log List/),
      projectName: 'Log List Project',
      documentName: 'Log List Doc.pdf',
    })
    const costCursor = (await listUsageLogs(db, { sort: 'cost_desc', limit: 1 })).nextCursor
    const ignored = await listUsageLogs(db, {
      filters: { organizationId: tenant.organizationId },
      limit: 3,
      cursor: costCursor,
    })
    expect(ignored.rows.map((r) => r.id)).toEqual((await expectedIds('newest')).slice(0, 3))
  })
})

describe('iterateUsageLogs', () => {
  it('yields the whole filtered set in batches', async () => {
    const batches: number[][] = []
    for await (const batch of iterateUsageLogs(db, {
      filters: { organizationId: tenant.organizationId, userId: tenant.secondUserId },
      sort: 'oldest',
      batchSize: 5,
    }))
      batches.push(batch.map((r) => r.id))
    expect(batches.flat()).toEqual(await expectedIds('oldest', { userId: tenant.secondUserId }))
    expect(batches.every((b) => b.length <= 5)).toBe(true)
  })
})
