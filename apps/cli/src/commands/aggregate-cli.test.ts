import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenledger as run } from '../testing/run-cli'

const tokenledger = (...args: string[]) => run(args)

let db: Db
let tenant: Tenant
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Cli Rollup')
  const base = {
    organization_id: tenant.organizationId,
    provider: 'openai',
    model: 'gpt-4o',
    category: 'general',
  }
  await db('ai_usage_logs').insert([
    {
      ...base,
      user_id: tenant.userId,
      total_tokens: 100,
      cost: '1.250000',
      created_at: '2025-12-30T08:00:00Z',
    },
    {
      ...base,
      user_id: tenant.userId,
      total_tokens: 10,
      cost: '0.000001',
      created_at: '2025-12-31T23:59:59.999Z',
    },
    {
      ...base,
      user_id: null,
      total_tokens: 5,
      cost: null,
      success: false,
      created_at: '2025-12-31T00:00:00.000Z',
    },
    {
      ...base,
      user_id: tenant.userId,
      total_tokens: 7,
      cost: '2.000000',
      created_at: '2026-01-01T00:00:00.000Z',
    },
  ])
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

const dailyRows = () =>
  db('ai_usage_daily')
    .where({ organization_id: tenant.organizationId })
    .orderBy(['date', 'user_id'])
    .select('date', 'user_id', 'request_count', 'failure_count', 'total_tokens', 'total_cost')

describe('tokenledger ai:* commands', () => {
  it('ai:aggregate-daily --date rolls up that UTC day and exits 0', async () => {
    const run = await tokenledger('ai:aggregate-daily', '--date=2025-12-31')
    expect(run.stderr).not.toMatch(/error/)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^aggregated 2025-12-31: \d+ daily rows \(\d+ upserted, 0 removed\); refreshed months 2025-12;/,
    )
    expect(await dailyRows()).toEqual([
      {
        date: '2025-12-31',
        user_id: tenant.userId,
        request_count: 1,
        failure_count: 0,
        total_tokens: 10,
        total_cost: '0.000001000000',
      },
      {
        date: '2025-12-31',
        user_id: null,
        request_count: 1,
        failure_count: 1,
        total_tokens: 5,
        total_cost: '0.000000000000',
      },
    ])
    // The dashboard's rollups of the day and of its month came with it.
    const totals = { request_count: 2, total_tokens: 15, total_cost: '0.000001000000' }
    expect(
      await db('ai_usage_daily_totals')
        .where({ organization_id: tenant.organizationId })
        .select('date', 'request_count', 'total_tokens', 'total_cost'),
    ).toEqual([{ date: '2025-12-31', ...totals }])
    expect(
      await db('ai_usage_monthly_totals')
        .where({ organization_id: tenant.organizationId })
        .select('year', 'month', 'request_count', 'total_tokens', 'total_cost'),
    ).toEqual([{ year: 2025, month: 12, ...totals }])
  })

  it('refuses bad arguments with the error and the help, changing nothing', async () => {
    const before = await db('ai_usage_daily').count({ n: '*' })
    for (const args of [
      ['--date=2026-02-30'],
      ['--from=2025-12-31', '--to=2025-12-30'],
      ['--date=2999-01-01'],
      ['--date=2025-12-31', '--from=2025-12-30'],
    ]) {
      const run = await tokenledger('ai:aggregate-daily', ...args)
      expect(run.stderr, args.join(' ')).toMatch(/^error: /)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toContain('tokenledger ai:aggregate-daily [--date=YYYY-MM-DD')
      expect(run.stdout).toBe('')
    }
    expect(await db('ai_usage_daily').count({ n: '*' })).toEqual(before)
  })

  it('a --from/--to backfill prints one progress line per day when not on a terminal', async () => {
    const run = await tokenledger('ai:aggregate-daily', '--from=2025-12-30', '--to=2026-01-01')
    expect(run.code).toBe(0)
    const progress = run.stderr.split('\n').filter((line) => line.startsWith('['))
    expect(progress.map((line) => line.slice(0, 18))).toEqual([
      '[1/3] 2025-12-30: ',
      '[2/3] 2025-12-31: ',
      '[3/3] 2026-01-01: ',
    ])
    expect(run.stdout).toMatch(
      /aggregated 2025-12-30 \.\. 2026-01-01 \(3 days\): .* refreshed months 2025-12, 2026-01;/,
    )
    expect((await dailyRows()).map((r) => r.date)).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2025-12-31',
      '2026-01-01',
    ])
  })

  it('ai:aggregate-monthly --month and ai:reset-budgets run and say what they did', async () => {
    const monthly = await tokenledger('ai:aggregate-monthly', '--month=2025-12')
    expect(monthly.code).toBe(0)
    expect(monthly.stdout).toMatch(/^aggregated 2025-12: \d+ monthly rows/)
    const rows = await db('ai_usage_monthly')
      .where({ organization_id: tenant.organizationId, year: 2025, month: 12 })
      .sum({ cost: 'total_cost', requests: 'request_count' })
    expect(rows).toEqual([{ cost: '1.250001000000', requests: 3 }])

    expect((await tokenledger('ai:aggregate-monthly', '--month=2025-13')).stderr).toMatch(
      /^error: --month must be a month written YYYY-MM, got "2025-13"/,
    )
    const reset = await tokenledger('ai:reset-budgets')
    expect(reset.code).toBe(0)
    expect(reset.stdout).toMatch(/^reset \d+ budget counters? to the period starting \d{4}-\d{2}-01/)
  })
})
