import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { migrationSource } from '.'

const config = { migrationSource, tableName: 'knex_migrations' }
let db: Db
let org: number

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  ;[{ id: org }] = await db('organizations').insert({ name: 'Money', slug: 'money-0011' }).returning('id')
  // Later migrations are rolled back first (afterAll migrates to the latest again).
  while ((await lastMigration()) !== '0011_exact_money') await db.migrate.down(config)
})
afterAll(async () => {
  await migrateLatest(db)
  await db('organizations').where({ id: org }).delete()
  await db.destroy()
})

async function lastMigration(): Promise<string> {
  const row = await db('knex_migrations').orderBy('id', 'desc').first('name')
  return row.name
}

async function text(table: string, column: string): Promise<Array<string | null>> {
  const rows = await db(table)
    .where({ organization_id: org })
    .orderBy('id')
    .select(db.raw(`${column}::text as v`))
  return rows.map((r: { v: string | null }) => r.v)
}

describe('0011_exact_money', () => {
  it('widens every cost column without changing a stored value, and back', async () => {
    expect(await lastMigration()).toBe('0011_exact_money')
    await db.migrate.down(config)
    const costs = ['0.000002', '999999.999999', null, '0.021596']
    for (const cost of costs)
      await db('ai_usage_logs').insert({ organization_id: org, provider: 'openai', model: 'm', cost })
    await db('ai_usage_daily').insert({
      date: '2026-01-01',
      organization_id: org,
      category: 'general',
      provider: 'openai',
      model: 'm',
      total_cost: '999999.999999',
    })
    await db('ai_usage_monthly').insert({
      year: 2026,
      month: 1,
      organization_id: org,
      category: 'general',
      total_cost: '99999999.999999',
    })
    await db('ai_budgets').insert({
      organization_id: org,
      monthly_limit: '10',
      current_month_usage: '1.234567',
    })

    await db.migrate.up(config)
    expect(await text('ai_usage_logs', 'cost')).toEqual([
      '0.000002000000',
      '999999.999999000000',
      null,
      '0.021596000000',
    ])
    expect(await text('ai_usage_daily', 'total_cost')).toEqual(['999999.999999000000'])
    expect(await text('ai_usage_monthly', 'total_cost')).toEqual(['99999999.999999000000'])
    expect(await text('ai_budgets', 'current_month_usage')).toEqual(['1.234567000000'])

    // Now exact: the examples keep every digit, and the new usage columns default to 0.
    await db('ai_usage_logs').where({ organization_id: org, cost: '0.000002' }).update({ cost: '0.00000165' })
    await db('ai_usage_logs').where({ organization_id: org, cost: '0.021596' }).update({ cost: '0.02159625' })
    expect(await text('ai_usage_logs', 'cost')).toEqual([
      '0.000001650000',
      '999999.999999000000',
      null,
      '0.021596250000',
    ])
    expect(
      await db('ai_usage_logs')
        .where({ organization_id: org })
        .distinct('cache_write_1h_tokens', 'web_search_requests'),
    ).toEqual([{ cache_write_1h_tokens: 0, web_search_requests: 0 }])
    await expect(
      db('ai_usage_logs').insert({
        organization_id: org,
        provider: 'x',
        model: 'm',
        cache_write_1h_tokens: 1,
      }),
    ).rejects.toThrow(/extra_usage_check/)

    // Down rounds to six decimals again and drops the usage columns.
    await db.migrate.down(config)
    expect(await text('ai_usage_logs', 'cost')).toEqual(['0.000002', '999999.999999', null, '0.021596'])
    const columns = await db('information_schema.columns')
      .where({ table_name: 'ai_usage_logs' })
      .whereIn('column_name', ['cache_write_1h_tokens', 'web_search_requests'])
    expect(columns).toEqual([])
    await db.migrate.up(config)
  })

  it('refuses to roll back a value the six-decimal column cannot hold, changing nothing', async () => {
    await db('ai_usage_logs').insert({
      organization_id: org,
      provider: 'openai',
      model: 'big',
      cost: '1000000.5',
    })
    await expect(db.migrate.down(config)).rejects.toThrow(
      /1 ai_usage_logs.cost values do not fit numeric\(12, 6\)/,
    )
    expect(await lastMigration()).toBe('0011_exact_money')
    expect(await db('ai_usage_logs').where({ model: 'big' }).first(db.raw('cost::text as cost'))).toEqual({
      cost: '1000000.500000000000',
    })
  })
})
