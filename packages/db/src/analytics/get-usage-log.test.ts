import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { getUsageLog } from './get-usage-log'
import { createTenantWithTwoUsers } from './test-fixtures'
import { partitionsPlanned } from './test-partitions-read'

let db: Db
let tenant: Awaited<ReturnType<typeof createTenantWithTwoUsers>>
let id: number
let overrideId: string
let createdAt: Date
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenantWithTwoUsers(db, 'Log Detail')
  const [override] = await db('budget_overrides')
    .insert({
      organization_id: tenant.organizationId,
      user_id: tenant.userId,
      status: 'used',
      estimated_cost: '0.020000',
      check_result: JSON.stringify({
        status: 'exceeded',
        budgets: [],
        requiresConfirmation: true,
        message: 'm',
      }),
      expires_at: new Date(Date.now() + 60_000),
      decided_by: tenant.userId,
      decided_at: new Date(),
      used_at: new Date(),
    })
    .returning('id')
  overrideId = override.id
  const [row] = await db('ai_usage_logs')
    .insert({
      organization_id: tenant.organizationId,
      user_id: tenant.userId,
      project_id: tenant.projectId,
      document_id: tenant.documentId,
      api_key_id: tenant.apiKeyId,
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_tokens: 1100,
      cached_tokens: 200,
      cost: '0.003000000000',
      cost_source: 'catalog',
      prices: JSON.stringify({ source: 'catalog', ref: 'gpt-4o', inputMtok: '2.5', outputMtok: '10' }),
      prompt_content: 'Mail [REDACTED:email] now',
      response_content: 'Done',
      content_redacted: true,
      redaction_summary: JSON.stringify({ email: 1 }),
      category: 'estimate_analysis',
      purpose_detail: 'Compare line items',
      budget_override: true,
      budget_override_by: tenant.userId,
      budget_override_id: overrideId,
      loggable_type: 'Estimate',
      loggable_id: '42',
    })
    .returning(['id', 'created_at'])
  id = row.id
  createdAt = row.created_at
})
afterAll(async () => {
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db.destroy()
})

describe('getUsageLog', () => {
  it('returns the row with its attribution chain, prices and override', async () => {
    const log = await getUsageLog(db, id)
    expect(log).toMatchObject({
      id,
      provider: 'openai',
      cost: '0.003000000000',
      costSource: 'catalog',
      prices: { source: 'catalog', ref: 'gpt-4o', inputMtok: '2.5', outputMtok: '10' },
      cachedTokens: 200,
      promptContent: 'Mail [REDACTED:email] now',
      redactionSummary: { email: 1 },
      contentRedacted: true,
      loggable: { type: 'Estimate', id: '42' },
      organization: { id: tenant.organizationId, name: 'Log Detail', slug: tenant.slug },
      user: { id: tenant.userId, name: 'Log Detail User' },
      project: { id: tenant.projectId, name: 'Log Detail Project' },
      document: { id: tenant.documentId, name: 'Log Detail Doc.pdf' },
      apiKey: { id: tenant.apiKeyId, name: 'test', revoked: false },
      budgetOverride: true,
      overrideBy: { id: tenant.userId, name: 'Log Detail User' },
      override: { id: overrideId, status: 'used', estimatedCost: '0.020000', check: { status: 'exceeded' } },
    })
  })

  it('is null for an unknown or malformed id', async () => {
    expect(await getUsageLog(db, 987654321)).toBeNull()
    expect(await getUsageLog(db, Number.NaN)).toBeNull()
  })

  it("given when the call was made, reads only that month's partition", async () => {
    const month = `ai_usage_logs_p${createdAt.toISOString().slice(0, 7).replace('-', '')}`
    // By id alone, every month's primary key is probed.
    const [byId] = await partitionsPlanned(db, () => getUsageLog(db, id))
    expect(byId?.partitions).toContain(month)
    expect(byId?.partitions.length).toBeGreaterThan(1)
    let log: Awaited<ReturnType<typeof getUsageLog>> = null
    const plans = await partitionsPlanned(db, async () => {
      log = await getUsageLog(db, id, { at: createdAt })
    })
    expect(plans.map((p) => p.partitions)).toEqual([[month]])
    expect(log).toEqual(await getUsageLog(db, id))
  })

  it('still finds the row from a link whose time is in another month or unreadable', async () => {
    const expected = await getUsageLog(db, id)
    const yearBefore = new Date(createdAt.getTime() - 365 * 86_400_000)
    expect(await getUsageLog(db, id, { at: yearBefore })).toEqual(expected)
    expect(await getUsageLog(db, id, { at: new Date(Number.NaN) })).toEqual(expected)
    expect(await getUsageLog(db, id, { at: null })).toEqual(expected)
    expect(await getUsageLog(db, 987654321, { at: createdAt })).toBeNull()
  })
})
