import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from './knex'
import { migrateLatest, migrateRollbackAll, migrationStatus } from './migrate'
import { MIGRATIONS } from './migrations'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

async function tables(): Promise<string[]> {
  // Tables, not the monthly partitions of ai_usage_logs (0013).
  const { rows } = await db.raw(
    `select relname as tablename from pg_class where relnamespace = 'public'::regnamespace
     and relkind in ('r', 'p') and not relispartition and relname not like 'knex_%' order by 1`,
  )
  return rows.map((r: { tablename: string }) => r.tablename)
}

describe('migrations', () => {
  it('run back to an empty schema and forward again', async () => {
    const all = [
      'ai_budget_alerts',
      'ai_budgets',
      'ai_usage_daily',
      'ai_usage_daily_breakdown',
      'ai_usage_daily_totals',
      'ai_usage_daily_users',
      'ai_usage_log_keys',
      'ai_usage_logs',
      'ai_usage_monthly',
      'ai_usage_monthly_breakdown',
      'ai_usage_monthly_totals',
      'ai_usage_monthly_users',
      'alert_channels',
      'alert_deliveries',
      'api_keys',
      'budget_overrides',
      'budget_reservations',
      'documents',
      'login_attempts',
      'model_prices',
      'organization_user',
      'organizations',
      'projects',
      'provider_keys',
      'reprice_runs',
      'sessions',
      'users',
    ]
    expect(await tables()).toEqual(all)
    expect(await migrateRollbackAll(db)).toHaveLength(MIGRATIONS.length)
    expect(await tables()).toEqual([])
    expect(await migrateLatest(db)).toEqual(MIGRATIONS.map(([name]) => name))
    expect(await tables()).toEqual(all)
    expect(await migrationStatus(db)).toEqual({ applied: MIGRATIONS.map(([n]) => n), pending: [] })
  })

  it('keeps one daily row per key even when user_id is null (NULLS NOT DISTINCT)', async () => {
    const [org] = await db('organizations').insert({ name: 'Nulls', slug: 'nulls-test' }).returning('id')
    const row = {
      date: '2026-01-02',
      organization_id: org.id,
      user_id: null,
      category: 'general',
      provider: 'openai',
      model: 'gpt-4o',
    }
    await db('ai_usage_daily').insert(row)
    await expect(db('ai_usage_daily').insert(row)).rejects.toThrow(/ai_usage_daily_key/)
    await db('ai_budgets').insert({ organization_id: org.id, monthly_limit: '10.00' })
    await expect(db('ai_budgets').insert({ organization_id: org.id, monthly_limit: '5.00' })).rejects.toThrow(
      /ai_budgets_scope/,
    )
    await db('organizations').where({ id: org.id }).delete()
  })

  it('refuses negative tokens, unknown categories and negative costs', async () => {
    const [org] = await db('organizations').insert({ name: 'Checks', slug: 'checks-test' }).returning('id')
    const base = { organization_id: org.id, provider: 'openai', model: 'gpt-4o' }
    await expect(db('ai_usage_logs').insert({ ...base, prompt_tokens: -1 })).rejects.toThrow(/tokens_check/)
    await expect(db('ai_usage_logs').insert({ ...base, category: 'nope' })).rejects.toThrow(/category_check/)
    await expect(db('ai_usage_logs').insert({ ...base, cost: '-0.01' })).rejects.toThrow(/cost_check/)
    await db('organizations').where({ id: org.id }).delete()
  })
})
