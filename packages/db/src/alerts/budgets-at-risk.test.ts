import type { PeriodForecast } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { forecastBudgets } from './budget-forecasts'
import { byLimitDay, findBudgetsAtRisk, plausibleOverrunBudgetIds } from './budgets-at-risk'

// March 2032 starts on a Monday. Now is Saturday the 20th, 15:00 UTC: 19 complete days, 19.625
// days elapsed of 31. In New York it is 11:00 on the 20th; in Tokyo, midnight of the 21st.
let db: Db
let tenant: Tenant
const now = new Date('2032-03-20T15:00:00Z')
const ids: Record<string, number> = {}

async function user(name: string): Promise<number> {
  const [row] = await db('users')
    .insert({ organization_id: tenant.organizationId, name, external_id: `ext-${name}` })
    .returning('id')
  return row.id
}

/** A monthly UTC user budget of $100 whose complete days each cost `perDay`, today as much. */
async function userBudget(
  name: string,
  perDay: string,
  row: Record<string, unknown> = {},
  { rollup = true } = {},
) {
  const userId = await user(name)
  if (rollup)
    await db('ai_usage_daily').insert(
      Array.from({ length: 19 }, (_, d) => ({
        date: `2032-03-${String(d + 1).padStart(2, '0')}`,
        organization_id: tenant.organizationId,
        user_id: userId,
        category: 'general',
        provider: 'openai',
        model: 'gpt-4o',
        request_count: 1,
        success_count: 1,
        total_cost: perDay,
      })),
    )
  ids[name] = await budget({
    user_id: userId,
    monthly_limit: '100',
    current_month_usage: (Number(perDay) * 20).toFixed(2),
    current_period_start: '2032-03-01',
    ...row,
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
  tenant = await createTenant(db, 'At Risk')
  await db('projects').where({ id: tenant.projectId }).update({ external_id: 'prj-risk' })
  await userBudget('over', '6') // 120 of 100: over since the 17th (6 × 17 = 102)
  await userBudget('fast', '3.5') // 70 so far: pace 110.6, weighted forecast ≈ 109.8
  await userBudget('half', '2') // 40 so far: pace 63 ≥ half the limit, forecast ≈ 62.8: not at risk
  await userBudget('slow', '0.5') // 10 so far: pace 15.8, never forecast
  await userBudget('inactive', '7.5', { is_active: false })
  // Last month's counter: no call this month (the first one would have moved it).
  await userBudget('stale', '7.5', { current_period_start: '2032-02-01' }, { rollup: false })
  await userBudget('unlimited', '25', { monthly_limit: null })
  // New York's day so far: 11 of 24 hours, 25 spent: pace 54.5 past the limit of 50.
  ids.dailyNewYork = await budget({
    project_id: tenant.projectId,
    period: 'daily',
    period_time_zone: 'America/New_York',
    monthly_limit: '50',
    current_month_usage: '25',
    current_period_start: '2032-03-20',
  })
  // Brisbane is at 01:00 on the 21st: too early to trust a pace, but a budget over is over.
  for (const [name, usage] of [
    ['early', '5'],
    ['earlyOver', '60'],
  ] as const)
    ids[name] = await budget({
      user_id: await user(name),
      period: 'daily',
      period_time_zone: 'Australia/Brisbane',
      monthly_limit: '50',
      current_month_usage: usage,
      current_period_start: '2032-03-21',
    })
  // Tokyo is already on the 21st: the counter of the 20th is an older period.
  ids.dailyTokyo = await budget({
    api_key_id: tenant.apiKeyId,
    period: 'daily',
    period_time_zone: 'Asia/Tokyo',
    monthly_limit: '50',
    current_month_usage: '49',
    current_period_start: '2032-03-20',
  })
})
afterAll(async () => {
  await db.destroy()
})

const mine = (found: number[]) => found.filter((id) => Object.values(ids).includes(id))

describe('plausibleOverrunBudgetIds', () => {
  it('keeps budgets over their limit or on a pace of at least half of it, in their own period', async () => {
    expect(mine(await plausibleOverrunBudgetIds(db, now))).toEqual(
      [ids.over, ids.fast, ids.half, ids.dailyNewYork, ids.earlyOver].sort((a, b) => Number(a) - Number(b)),
    )
  })

  it('takes a stricter share when asked: at the full limit only the paces past it remain', async () => {
    expect(mine(await plausibleOverrunBudgetIds(db, now, '1'))).toEqual(
      [ids.over, ids.fast, ids.dailyNewYork, ids.earlyOver].sort((a, b) => Number(a) - Number(b)),
    )
  })

  it('loses none of the budgets the forecast says will exceed, past their first 3 hours', async () => {
    const forecasts = await forecastBudgets(db, now, Object.values(ids))
    const active = (await db('ai_budgets').whereIn('id', Object.values(ids)).where('is_active', true)).map(
      (b: { id: number }) => b.id,
    )
    const flagged = active.filter((id: number) => forecasts.get(id)?.willExceed && id !== ids.early)
    expect(forecasts.get(ids.early as number)?.willExceed).toBe(true) // 5 in 1 hour of 24
    expect(flagged.length).toBeGreaterThan(1)
    const candidates = await plausibleOverrunBudgetIds(db, now)
    for (const id of flagged) expect(candidates).toContain(id)
  })

  it('refuses a share outside (0, 1] and an invalid instant', async () => {
    await expect(plausibleOverrunBudgetIds(db, now, '0')).rejects.toThrow(/paceShare/)
    await expect(plausibleOverrunBudgetIds(db, now, '1.5')).rejects.toThrow(/paceShare/)
    await expect(plausibleOverrunBudgetIds(db, now, 'half')).rejects.toThrow(/paceShare/)
    await expect(plausibleOverrunBudgetIds(db, new Date(Number.NaN))).rejects.toThrow(/now/)
  })
})

describe('findBudgetsAtRisk', () => {
  it('forecasts the candidates and keeps those that will exceed, soonest limit day first', async () => {
    const { budgets, candidates } = await findBudgetsAtRisk(db, now)
    expect(candidates).toBeGreaterThanOrEqual(4)
    const shown = budgets.filter((b) => Object.values(ids).includes(b.id))
    expect(shown.map((b) => [b.id, b.forecast.limitReachedOn])).toEqual([
      [ids.over, '2032-03-17'],
      [ids.dailyNewYork, '2032-03-20'],
      [ids.earlyOver, '2032-03-21'], // Brisbane's day
      [ids.fast, '2032-03-29'],
    ])
    const over = shown[0]
    expect(over).toMatchObject({
      organizationName: 'At Risk',
      userName: 'over',
      userExternalId: 'ext-over',
      period: 'monthly',
      timeZone: 'UTC',
      limit: '100.00',
    })
    expect(over?.forecast.spentSoFar).toBe('120.000000')
    expect(shown[1]).toMatchObject({
      projectId: tenant.projectId,
      projectName: 'At Risk Project',
      projectExternalId: 'prj-risk',
      userId: null,
      period: 'daily',
      timeZone: 'America/New_York',
    })
    // 25 over 11 hours, for 24: 54.545454…
    expect(shown[1]?.forecast.projectedTotal).toBe('54.545455')
  })

  it('forecasts only the candidates it is given', async () => {
    const { budgets, candidates } = await findBudgetsAtRisk(db, now, [ids.fast as number])
    expect(candidates).toBe(1)
    expect(budgets.map((b) => b.id)).toEqual([ids.fast])
    expect(await findBudgetsAtRisk(db, now, [])).toEqual({ budgets: [], candidates: 0 })
  })
})

describe('byLimitDay', () => {
  const at = (id: number, day: string | null, projected: string, limit = '100') => ({
    id,
    limit,
    forecast: { limitReachedOn: day, projectedTotal: projected } as PeriodForecast,
  })

  it('puts the sooner day first, then the projection furthest past its limit, then the id', () => {
    const sorted = [
      at(1, '2032-03-29', '300'),
      at(2, '2032-03-10', '110'),
      at(3, '2032-03-10', '150'),
      at(4, '2032-03-10', '55', '50'),
      at(5, '2032-03-10', '110'),
    ].sort(byLimitDay)
    expect(sorted.map((b) => b.id)).toEqual([3, 2, 4, 5, 1])
  })
})
