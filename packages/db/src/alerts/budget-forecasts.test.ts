import { forecastPeriodEnd } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { ensureUsageLogPartitions } from '../partitions'
import { createTenant, type Tenant } from '../testing'
import { forecastBudgets, PAST_DAYS_FROM_LOGS, recordWillExceedAlerts } from './budget-forecasts'

// Forecasts of budgets the daily rollup cannot tell: a project's (weekly, Europe/Berlin), an API
// key's (weekly and daily, UTC). Their complete days come from the logs. March 2032 starts on a
// Monday; Berlin is on CET (UTC+1) until 28 March.
let db: Db
let tenant: Tenant
let otherProject: number
const now = new Date('2032-03-11T12:00:00Z') // Thursday, 13:00 in Berlin

async function log(at: string, cost: string, scope: { projectId?: number; apiKeyId?: number } = {}) {
  await db('ai_usage_logs').insert({
    organization_id: tenant.organizationId,
    project_id: scope.projectId ?? null,
    api_key_id: scope.apiKeyId ?? null,
    provider: 'openai',
    model: 'gpt-4o',
    cost,
    created_at: at,
  })
}

async function budget(row: Record<string, unknown>): Promise<number> {
  const [inserted] = await db('ai_budgets')
    .insert({ organization_id: tenant.organizationId, ...row })
    .returning('id')
  return inserted.id
}

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Scoped Forecast')
  ;[{ id: otherProject }] = await db('projects')
    .insert({ organization_id: tenant.organizationId, name: 'Other' })
    .returning('id')
  const project = { projectId: tenant.projectId }
  await log('2032-03-07T22:30:00Z', '5', project) // Sunday 23:30 in Berlin: last week
  await log('2032-03-07T23:30:00Z', '2', project) // Monday 00:30 in Berlin (still Sunday in UTC)
  await log('2032-03-08T12:00:00Z', '1', project)
  await log('2032-03-09T22:59:00Z', '3', project) // Tuesday 23:59 in Berlin
  // Wednesday: nothing. Thursday (today) 00:30 in Berlin, still Wednesday in UTC:
  await log('2032-03-10T23:30:00Z', '1.5', project)
  await log('2032-03-11T10:00:00Z', '0.5', project)
  await log('2032-03-08T12:00:00Z', '100', { projectId: otherProject }) // another project's
  await log('2032-03-08T12:00:00Z', '50') // the organization's, no project nor key
  const key = { apiKeyId: tenant.apiKeyId }
  for (const day of ['08', '09', '10']) await log(`2032-03-${day}T10:00:00Z`, '1', key)
  await log('2032-03-11T06:00:00Z', '4', key)
  await ensureUsageLogPartitions(db, { now: new Date(), months: ['2032-02', '2032-03'] })
  await db.raw('analyze ai_usage_logs')
})
afterAll(async () => {
  await db.destroy()
})

describe('forecastBudgets from the logs', () => {
  it("reads a project's week in its zone, and its scope only", async () => {
    const id = await budget({
      project_id: tenant.projectId,
      period: 'weekly',
      period_time_zone: 'Europe/Berlin',
      monthly_limit: '5.50',
      current_month_usage: '8', // Mon 3 + Tue 3 + Thu 2, as the counters add them
      current_period_start: '2032-03-08',
    })
    const forecast = (await forecastBudgets(db, now, [id])).get(id)
    // Complete Berlin days Mon 3, Tue 3, Wed 0: 2 a weekday (and for the weekend, not seen yet).
    // 8 + 2 × 11/24 (Thursday left: 13:00 to midnight) + Fri, Sat, Sun at 2 = 14.916667.
    // The limit was reached on Tuesday (3, then 6 ≥ 5.5); read in UTC days it would be Monday's 7.
    expect(forecast).toEqual({
      method: 'weekday-weighted',
      spentSoFar: '8.000000',
      projectedTotal: '14.916667',
      limitReachedOn: '2032-03-09',
      willExceed: true,
    })
    await db('ai_budgets').where({ id }).delete()
  })

  it("reads an API key's week, and projects its day from the counter alone", async () => {
    const weekly = await budget({
      api_key_id: tenant.apiKeyId,
      period: 'weekly',
      monthly_limit: '2.50',
      current_month_usage: '7',
      current_period_start: '2032-03-08',
    })
    const daily = await budget({
      api_key_id: tenant.apiKeyId,
      period: 'daily',
      monthly_limit: null,
      current_month_usage: '4',
      current_period_start: '2032-03-11',
    })
    const forecasts = await forecastBudgets(db, now, [weekly, daily])
    // 1 a day Mon..Wed, 4 today: 7 + 1 × 12/24 + 3 more days at 1 = 10.5; 2.5 passed on Wednesday.
    expect(forecasts.get(weekly)).toEqual({
      method: 'weekday-weighted',
      spentSoFar: '7.000000',
      projectedTotal: '10.500000',
      limitReachedOn: '2032-03-10',
      willExceed: true,
    })
    // 4 in the 12 hours of today so far: 8 by midnight.
    expect(forecasts.get(daily)).toEqual({
      method: 'run-rate',
      spentSoFar: '4.000000',
      projectedTotal: '8.000000',
      limitReachedOn: null,
      willExceed: false,
    })
    await db('ai_budgets').whereIn('id', [weekly, daily]).delete()
  })

  it('records will_exceed for a weekly project budget, once per week', async () => {
    const id = await budget({
      project_id: tenant.projectId,
      period: 'weekly',
      period_time_zone: 'Europe/Berlin',
      monthly_limit: '14.00',
      current_month_usage: '8',
      current_period_start: '2032-03-08',
    })
    // Counted for this budget only: other test files' budgets share the database.
    const ours = () => db('ai_budget_alerts').where({ budget_id: id, kind: 'will_exceed' })
    await recordWillExceedAlerts(db, now)
    expect(await ours()).toHaveLength(1)
    await recordWillExceedAlerts(db, new Date('2032-03-12T12:00:00Z'))
    const alerts = await ours()
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({
      period_start: '2032-03-08',
      // End of Thursday 8.916667, Friday 10.92, Saturday 12.92, Sunday 14.92 ≥ 14.
      details: { limit: '14.00', projectedTotal: '14.916667', limitReachedOn: '2032-03-14' },
    })
    // The next week is another period: it may alert again (8 in its first 13 hours: run-rate).
    await db('ai_budgets')
      .where({ id })
      .update({ current_period_start: '2032-03-15', current_month_usage: '8' })
    await recordWillExceedAlerts(db, new Date('2032-03-15T12:00:00Z'))
    expect(await ours().orderBy('id').pluck('period_start')).toEqual(['2032-03-08', '2032-03-15'])
    await db('ai_budgets').where({ id }).delete()
  })

  it('raises no will_exceed in the first 3 hours of a period, when one call is all the rate has', async () => {
    const id = await budget({
      api_key_id: tenant.apiKeyId,
      period: 'daily',
      monthly_limit: '10.00',
      current_month_usage: '0.5',
      current_period_start: '2032-03-12',
    })
    // 0.5 in the first 30 minutes projects 24: shown, but not alerted yet.
    const early = new Date('2032-03-12T00:30:00Z')
    expect((await forecastBudgets(db, early, [id])).get(id)).toMatchObject({
      projectedTotal: '24.000000',
      willExceed: true,
    })
    // This budget's alerts only: other test files' budgets share the database and these dates.
    const ours = async () =>
      (await db('ai_budget_alerts').where({ budget_id: id, kind: 'will_exceed' })).length
    await recordWillExceedAlerts(db, early)
    expect(await ours()).toBe(0)
    // Three hours in, the same 0.5 projects 4: no alert either; 1.5 by then projects 12: alert.
    await recordWillExceedAlerts(db, new Date('2032-03-12T03:00:00Z'))
    expect(await ours()).toBe(0)
    await db('ai_budgets').where({ id }).update({ current_month_usage: '1.5' })
    await recordWillExceedAlerts(db, new Date('2032-03-12T03:00:00Z'))
    expect(await ours()).toBe(1)
    await db('ai_budgets').where({ id }).delete()
  })

  it('reads only the months of the span, through the (organization, created_at) index', async () => {
    const plan = async (from: string, to: string) => {
      const scopes = JSON.stringify([
        { id: 1, organization_id: tenant.organizationId, project_id: tenant.projectId },
      ])
      return db.transaction(async (trx) => {
        // A handful of rows: the planner would rightly scan them; what is checked is that it can
        // find this query's rows by index, as it will when a month holds millions.
        await trx.raw('set local enable_seqscan = off')
        const { rows } = await trx.raw(`explain (format json) ${PAST_DAYS_FROM_LOGS}`, [
          'Europe/Berlin',
          scopes,
          [tenant.organizationId],
          from,
          to,
        ])
        return scanned(rows[0]['QUERY PLAN'][0].Plan)
      })
    }
    const march = await plan('2032-03-07T23:00:00Z', '2032-03-10T23:00:00Z')
    expect(march.map((s) => s.relation)).toEqual(['ai_usage_logs_p203203'])
    expect(march[0]?.index).toMatch(/organization_id_created_at/)
    // A week across a month boundary reads both months, and only them.
    const across = await plan('2032-02-28T23:00:00Z', '2032-03-03T23:00:00Z')
    expect(across.map((s) => s.relation).sort()).toEqual(['ai_usage_logs_p203202', 'ai_usage_logs_p203203'])
    expect(across.every((s) => /organization_id_created_at/.test(s.index ?? ''))).toBe(true)
  })
})

describe('forecastBudgets from the rollup', () => {
  it("reads an organization's total and a user's own days in that organization only", async () => {
    const a = await createTenant(db, 'Rollup A')
    const b = await createTenant(db, 'Rollup B')
    const [{ id: other }] = await db('users')
      .insert({ email: `${a.slug}-v@example.test`, name: 'V' })
      .returning('id')
    // The user of A is also a member of B, and spends there too.
    await db('organization_user').insert({ organization_id: b.organizationId, user_id: a.userId })
    const day = (
      date: string,
      organizationId: number,
      userId: number | null,
      cost: string,
      category = 'general',
    ) => ({
      date,
      organization_id: organizationId,
      user_id: userId,
      category,
      provider: 'openai',
      model: 'gpt-4o',
      total_cost: cost,
    })
    await db('ai_usage_daily').insert([
      day('2032-02-28', a.organizationId, a.userId, '100'), // last month
      day('2032-03-02', a.organizationId, a.userId, '1'),
      day('2032-03-05', a.organizationId, a.userId, '1.5'),
      day('2032-03-05', a.organizationId, a.userId, '0.5', 'summarization'),
      day('2032-03-10', a.organizationId, a.userId, '1'),
      day('2032-03-02', a.organizationId, other, '10'), // another user of A, without a budget
      day('2032-03-05', a.organizationId, null, '4'), // a call without a user: the organization's only
      day('2032-03-02', b.organizationId, a.userId, '50'), // the same user, in B
      day('2032-03-11', a.organizationId, a.userId, '7'), // today's row: the counter tells today
    ])
    const monthly = { monthly_limit: '19', current_period_start: '2032-03-01' }
    const [{ id: orgBudget }, { id: userBudget }] = await db('ai_budgets')
      .insert([
        { organization_id: a.organizationId, ...monthly, current_month_usage: '20' },
        { organization_id: a.organizationId, user_id: a.userId, ...monthly, current_month_usage: '5' },
      ])
      .returning('id')
    const forecasts = await forecastBudgets(db, now, [orgBudget, userBudget])
    const expected = (dailyCosts: Array<{ day: string; cost: string }>) =>
      forecastPeriodEnd({
        period: 'monthly',
        timeZone: 'UTC',
        periodStart: '2032-03-01',
        now,
        dailyCosts,
        limit: '19.00',
      })
    expect(forecasts.get(orgBudget)).toEqual(
      expected([
        { day: '2032-03-02', cost: '11' },
        { day: '2032-03-05', cost: '6' },
        { day: '2032-03-10', cost: '1' },
        { day: '2032-03-11', cost: '2' },
      ]),
    )
    expect(forecasts.get(userBudget)).toEqual(
      expected([
        { day: '2032-03-02', cost: '1' },
        { day: '2032-03-05', cost: '2' },
        { day: '2032-03-10', cost: '1' },
        { day: '2032-03-11', cost: '1' },
      ]),
    )
    expect(forecasts.get(orgBudget)?.limitReachedOn).toBe('2032-03-11')
  })
})

/** The log partitions a plan reads, each with the index it reads them by (null: a sequential scan). */
function scanned(root: Record<string, unknown>): Array<{ relation: string; index: string | null }> {
  const found: Array<{ relation: string; index: string | null }> = []
  const walk = (node: Record<string, unknown>) => {
    const relation = node['Relation Name']
    if (typeof relation === 'string' && relation.startsWith('ai_usage_logs'))
      found.push({ relation, index: (node['Index Name'] as string | undefined) ?? null })
    // A bitmap heap scan names its index on the child.
    if (typeof relation === 'string' && node['Node Type'] === 'Bitmap Heap Scan') {
      const child = (node.Plans as Array<Record<string, unknown>>)[0]
      ;(found.at(-1) as { index: string | null }).index = (child?.['Index Name'] as string) ?? null
      return
    }
    for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child)
  }
  walk(root)
  return found
}
