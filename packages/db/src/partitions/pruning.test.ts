import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listUsageLogs } from '../analytics/list-usage-logs'
import type { UsageLogFilters } from '../analytics/usage-log-filters'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { ensureUsageLogPartitions } from './ensure-usage-log-partitions'
import { recentWindows } from './recent-windows'

// The admin's log list, as it really queries, must read only the months its filters name.
let db: Db
let tenant: Tenant
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Partition Pruning')
  for (const at of [
    '2026-08-15T00:00:00Z',
    '2026-09-01T00:00:00Z',
    '2026-09-30T23:59:59Z',
    '2026-10-01T00:00:00Z',
  ])
    await db('ai_usage_logs').insert({
      organization_id: tenant.organizationId,
      provider: 'openai',
      model: 'gpt-4o',
      cost: '0.01',
      created_at: at,
    })
  // The months were not there: the rows went to DEFAULT, and the job gives them their partitions.
  await ensureUsageLogPartitions(db, { now: new Date() })
  await db.raw('analyze ai_usage_logs')
})
afterAll(async () => {
  await db.destroy()
})

/** The ai_usage_logs partitions the plan of each query listUsageLogs runs on the logs reads, in order. */
async function partitionsReadByQuery(input: Parameters<typeof listUsageLogs>[1]): Promise<string[][]> {
  const queries: Array<{ sql: string; bindings: unknown[] }> = []
  const listen = (q: { sql: string; bindings: unknown[] }) => queries.push(q)
  db.on('query', listen)
  try {
    await listUsageLogs(db, input)
  } finally {
    db.off('query', listen)
  }
  // A newest-first list may read recent months first, one slice of months per query.
  const onLogs = queries.filter((q) => q.sql.includes('"ai_usage_logs"'))
  if (!onLogs.length) throw new Error('listUsageLogs ran no query on ai_usage_logs')
  const read: string[][] = []
  for (const query of onLogs) {
    // knex reports the SQL with its pg placeholders ($1, $2, … in order); back to knex's own.
    const sql = query.sql.replace(/\$\d+/g, '?')
    const { rows } = await db.raw(`explain (format json) ${sql}`, query.bindings as never)
    const names = new Set<string>()
    const walk = (node: Record<string, unknown>) => {
      const relation = node['Relation Name']
      if (typeof relation === 'string' && relation.startsWith('ai_usage_logs')) names.add(relation)
      for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child)
    }
    walk(rows[0]['QUERY PLAN'][0].Plan)
    read.push([...names].sort())
  }
  return read
}

/** Every ai_usage_logs partition listUsageLogs' queries read. */
async function partitionsRead(input: Parameters<typeof listUsageLogs>[1]): Promise<string[]> {
  return [...new Set((await partitionsReadByQuery(input)).flat())].sort()
}

describe('partition pruning of the log list', () => {
  const september: UsageLogFilters = { from: '2026-09-01', to: '2026-09-30' }

  it("reads only that month's partition for one month of one organization, in every sort", async () => {
    const filters = { ...september, organizationId: tenant.organizationId }
    for (const sort of ['newest', 'oldest', 'cost_desc', 'cost_asc'] as const)
      expect(await partitionsRead({ filters, sort })).toEqual(['ai_usage_logs_p202609'])
    const page = await listUsageLogs(db, { filters, limit: 1 })
    expect(page.rows).toHaveLength(1)
    expect(await partitionsRead({ filters, cursor: page.nextCursor })).toEqual(['ai_usage_logs_p202609'])
  })

  it('finds a newest-first page without a date filter in recent months, not in all of history', async () => {
    const filters = { organizationId: tenant.organizationId }
    const page = await listUsageLogs(db, { filters, limit: 1 })
    expect(page.rows.map((r) => r.createdAt.toISOString())).toEqual(['2026-10-01T00:00:00.000Z'])
    const read = await partitionsRead({ filters, limit: 1 })
    expect(read).toContain('ai_usage_logs_p202610')
    // Within the months from the anchor's month eleven back: nothing older than that is planned.
    const oldest = recentWindows(new Date())[2] as string
    const floor = `ai_usage_logs_p${oldest.slice(0, 4)}${oldest.slice(5, 7)}`
    expect(read.filter((name) => name !== 'ai_usage_logs_default' && name < floor)).toEqual([])
  })

  it('looks around the `now` it is given: history far from the clock is found in its own months', async () => {
    const filters = { organizationId: tenant.organizationId }
    const read = await partitionsRead({ filters, limit: 1, now: new Date('2026-10-20T00:00:00Z') })
    // Two rows (a page of one and the next) are found from August on: two months before October.
    expect(read).toEqual(
      expect.arrayContaining(['ai_usage_logs_p202608', 'ai_usage_logs_p202609', 'ai_usage_logs_p202610']),
    )
    expect(read).not.toContain('ai_usage_logs_p202607')
    expect(read).not.toContain('ai_usage_logs_p202512')
  })

  it('reads each month once: every window only the months the newer ones did not read', async () => {
    const filters = { organizationId: tenant.organizationId }
    // A page of 50 is never full here: every window is tried, then everything older.
    const slices = await partitionsReadByQuery({ filters, now: new Date('2026-10-20T00:00:00Z') })
    expect(slices.length).toBe(recentWindows(new Date()).length + 1)
    // DEFAULT may hold any month, so a slice may plan it; no month partition is read twice.
    const months = slices.flat().filter((name) => name !== 'ai_usage_logs_default')
    expect(months).toEqual([...new Set(months)])
    expect(slices[0]).not.toContain('ai_usage_logs_p202609')
    expect(slices[1]).toEqual(['ai_usage_logs_p202608', 'ai_usage_logs_p202609'])
  })

  it('pages through the same rows as before, back and forth, when the windows run out', async () => {
    const filters = { organizationId: tenant.organizationId }
    const seen: string[] = []
    let page = await listUsageLogs(db, { filters, limit: 1 })
    for (;;) {
      seen.push(...page.rows.map((r) => r.createdAt.toISOString()))
      if (!page.nextCursor) break
      page = await listUsageLogs(db, { filters, limit: 1, cursor: page.nextCursor })
    }
    expect(seen).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-09-30T23:59:59.000Z',
      '2026-09-01T00:00:00.000Z',
      '2026-08-15T00:00:00.000Z',
    ])
    const back = await listUsageLogs(db, { filters, limit: 2, cursor: page.previousCursor })
    expect(back.rows.map((r) => r.createdAt.toISOString())).toEqual([
      '2026-09-30T23:59:59.000Z',
      '2026-09-01T00:00:00.000Z',
    ])
    const oldest = await listUsageLogs(db, { filters, sort: 'oldest', limit: 3 })
    expect(oldest.rows.map((r) => r.createdAt.toISOString())).toEqual(seen.slice(1).reverse())
  })

  it('reads the months a range spans, and all of them without one', async () => {
    const filters = { from: '2026-08-31', to: '2026-09-01', organizationId: tenant.organizationId }
    expect(await partitionsRead({ filters })).toEqual(['ai_usage_logs_p202608', 'ai_usage_logs_p202609'])
    const all = await partitionsRead({ filters: { organizationId: tenant.organizationId } })
    expect(all).toEqual(
      expect.arrayContaining(['ai_usage_logs_p202608', 'ai_usage_logs_p202610', 'ai_usage_logs_default']),
    )
  })
})
