import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenledger as run } from '../testing/run-cli'

const tokenledger = (...args: string[]) => run(args)
const model = `cli-reprice-${Date.now()}`
let db: Db
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Cli Reprice')
  const base = {
    organization_id: tenant.organizationId,
    provider: 'acme',
    model,
    prompt_tokens: 7,
    completion_tokens: 1,
  }
  await db('ai_usage_logs').insert([
    { ...base, created_at: '2026-01-10T10:00:00Z' },
    { ...base, created_at: '2026-01-11T10:00:00Z' },
    { ...base, created_at: '2026-01-11T11:00:00Z', cost: '0.25', cost_source: 'caller' },
  ])
  await db('model_prices').insert({
    provider: 'acme',
    model,
    input_mtok: '0.15',
    output_mtok: '0.6',
    effective_from: '2026-01-01T00:00:00Z',
  })
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db('model_prices').where({ model }).delete()
  await db.destroy()
})

const costs = async () =>
  (
    await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .orderBy('id')
      .select(db.raw('cost::text as cost'))
  ).map((r) => r.cost)

describe('tokenledger reprice', () => {
  it('prints what a dry run would change and changes nothing, then does it', async () => {
    const args = ['reprice', '--from=2026-01-01', '--to=2026-01-31', '--model', model]
    const dry = await tokenledger(...args, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(
      /^dry run: reprice 2026-01-01 \.\. 2026-01-31 \(model .*\): 2 calls, would change 2 \(2 newly priced, 0 still unpriced\); cost 0\.000000000000 -> 0\.000003300000; would rebuild 2 days/,
    )
    expect(await costs()).toEqual([null, null, '0.250000000000'])

    const real = await tokenledger(...args)
    expect(real.code).toBe(0)
    expect(real.stdout).toMatch(
      /^reprice .*: 2 calls, changed 2 .* cost 0\.000000000000 -> 0\.000003300000; rebuilt 2 days/,
    )
    expect(real.stderr).toMatch(/\[1\/1\] 2\/2 calls: 2 changed/)
    expect(await costs()).toEqual(['0.000001650000', '0.000001650000', '0.250000000000'])
    const daily = await db('ai_usage_daily')
      .where({ organization_id: tenant.organizationId })
      .first(db.raw('sum(total_cost)::text as cost'))
    expect(daily.cost).toBe('0.250003300000')
  })

  it('refuses bad arguments with exit code 2, changing nothing', async () => {
    for (const [args, message] of [
      [['reprice', '--to=2026-01-31'], /--from is required/],
      [['reprice', '--from=2026-02-30', '--to=2026-03-01'], /--from must be a calendar day/],
      [['reprice', '--from=2026-03-02', '--to=2026-03-01'], /--from 2026-03-02 is after --to 2026-03-01/],
    ] as const) {
      const result = await tokenledger(...args)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(message)
    }
  })
})
