// Test support (not exported from the package): rollup rows and logs with known figures.
import { randomUUID } from 'node:crypto'
import type { Db } from '../knex'
import { refreshDashboardRollups } from '../rollups/dashboard-rollups'
import { createTenant, type Tenant } from '../testing'

export interface DailyRow {
  date: string
  organization_id: number
  user_id?: number | null
  category?: string
  provider?: string
  model?: string
  total_cost: string
  request_count: number
}

/** Daily rollup rows, and the dashboard rollups derived from them as aggregateDaily would leave them. */
export async function insertDaily(db: Db, rows: DailyRow[]): Promise<void> {
  await db('ai_usage_daily').insert(
    rows.map((r) => ({
      user_id: null,
      category: 'general',
      provider: 'openai',
      model: 'gpt-4o',
      success_count: r.request_count,
      ...r,
    })),
  )
  for (const day of new Set(rows.map((r) => r.date))) await refreshDashboardRollups(db, day)
}

export async function insertMonthly(
  db: Db,
  rows: Array<{
    year: number
    month: number
    organization_id: number
    total_cost: string
    request_count: number
  }>,
): Promise<void> {
  await db('ai_usage_monthly').insert(
    rows.map((r) => ({ category: 'general', success_count: r.request_count, ...r })),
  )
}

export interface LogRow {
  organization_id: number
  created_at: Date | string
  cost: string | null
  user_id?: number | null
  project_id?: number | null
  document_id?: number | null
  provider?: string
  model?: string
  category?: string
  success?: boolean
  budget_override?: boolean
  prompt_tokens?: number
  completion_tokens?: number
}

export async function insertLogs(db: Db, rows: LogRow[]): Promise<number[]> {
  const inserted = await db('ai_usage_logs')
    .insert(
      rows.map((r) => ({
        provider: 'openai',
        model: 'gpt-4o',
        category: 'general',
        prompt_tokens: 100,
        completion_tokens: 10,
        total_tokens: (r.prompt_tokens ?? 100) + (r.completion_tokens ?? 10),
        ...r,
      })),
    )
    .returning('id')
  return inserted.map((r: { id: number }) => r.id)
}

/** A tenant with a second member. */
export async function createTenantWithTwoUsers(
  db: Db,
  name: string,
): Promise<Tenant & { secondUserId: number }> {
  const tenant = await createTenant(db, name)
  const [user] = await db('users')
    .insert({ email: `${randomUUID()}@example.test`, name: `${name} Second` })
    .returning('id')
  await db('organization_user').insert({
    organization_id: tenant.organizationId,
    user_id: user.id,
    role: 'ic',
  })
  return { ...tenant, secondUserId: user.id }
}

/** Wednesday 18 March 2026, 15:00 UTC: the week began Monday the 16th, February had 28 days. */
export const NOW = new Date('2026-03-18T15:00:00.000Z')

export interface Scenario {
  a: Tenant & { secondUserId: number }
  b: Tenant & { secondUserId: number }
}

/**
 * Organization A's history around NOW, with decoys that the "today is live, the past is rolled
 * up" rule must ignore: a daily row and a monthly row for the current period (refresh-today writes
 * those), and a log of yesterday that no daily row covers. Organization B spends a little today.
 */
export async function createDashboardScenario(db: Db): Promise<Scenario> {
  const a = await createTenantWithTwoUsers(db, 'Analytics A')
  const b = await createTenantWithTwoUsers(db, 'Analytics B')
  const org = a.organizationId
  await insertDaily(db, [
    { date: '2025-12-20', organization_id: org, total_cost: '7.000000', request_count: 7 },
    { date: '2026-02-05', organization_id: org, total_cost: '4.000000', request_count: 1 },
    { date: '2026-02-25', organization_id: org, total_cost: '50.000000', request_count: 4 },
    {
      date: '2026-03-02',
      organization_id: org,
      user_id: a.userId,
      provider: 'openai',
      category: 'estimate_analysis',
      total_cost: '10.000000',
      request_count: 10,
    },
    {
      date: '2026-03-10',
      organization_id: org,
      user_id: a.secondUserId,
      provider: 'google',
      model: 'gemini-2.5-flash',
      category: 'summarization',
      total_cost: '3.000000',
      request_count: 2,
    },
    {
      date: '2026-03-12',
      organization_id: org,
      user_id: a.userId,
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      category: 'estimate_analysis',
      total_cost: '100.000000',
      request_count: 1,
    },
    {
      date: '2026-03-16',
      organization_id: org,
      user_id: a.secondUserId,
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      category: 'general',
      total_cost: '1.500000',
      request_count: 3,
    },
    {
      date: '2026-03-17',
      organization_id: org,
      user_id: null,
      provider: 'openai',
      category: 'summarization',
      total_cost: '2.000000',
      request_count: 4,
    },
    // Decoy: today's rollup row (refresh-today) must not be read, today comes from the logs.
    { date: '2026-03-18', organization_id: org, total_cost: '999.000000', request_count: 999 },
  ])
  await insertMonthly(db, [
    { year: 2025, month: 12, organization_id: org, total_cost: '7.000000', request_count: 7 },
    { year: 2026, month: 2, organization_id: org, total_cost: '54.000000', request_count: 5 },
    // Decoy: the current month's month-to-date row must not be read.
    { year: 2026, month: 3, organization_id: org, total_cost: '999.000000', request_count: 999 },
  ])
  await insertLogs(db, [
    // Today: $1.00 in three calls, one unpriced.
    {
      organization_id: org,
      user_id: a.userId,
      created_at: '2026-03-18T00:00:00.000Z',
      cost: '0.250000',
      provider: 'openai',
      category: 'summarization',
    },
    {
      organization_id: org,
      user_id: a.secondUserId,
      created_at: '2026-03-18T14:59:59.000Z',
      cost: '0.750000',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      category: 'general',
    },
    {
      organization_id: org,
      user_id: a.userId,
      created_at: '2026-03-18T09:00:00.000Z',
      cost: null,
      provider: 'mistral',
      model: 'unknown',
      category: 'general',
    },
    // Decoy: a log of yesterday; yesterday is read from the rollup only.
    { organization_id: org, user_id: a.userId, created_at: '2026-03-17T10:00:00.000Z', cost: '5.000000' },
    // Decoy: tomorrow (a clock skewed caller); not part of today.
    { organization_id: org, user_id: a.userId, created_at: '2026-03-19T00:00:00.000Z', cost: '8.000000' },
    // Organization B: $0.40 today by its second user.
    {
      organization_id: b.organizationId,
      user_id: b.secondUserId,
      created_at: '2026-03-18T12:00:00.000Z',
      cost: '0.400000',
    },
  ])
  return { a, b }
}
