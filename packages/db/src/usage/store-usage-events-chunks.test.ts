import { usageEventSchema } from '@tokenledger/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { redactInChunks } from './redact-in-chunks'
import { storeUsageEvents } from './store-usage-events'

// A batch large enough to be redacted and written in several chunks keeps every batch guarantee.
let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

const event = (n: number, fields: Record<string, unknown> = {}) =>
  usageEventSchema.parse({
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 10,
    completionTokens: 5,
    prompt: `call ${n}: mail user${n}@example.com ${'x'.repeat(2_000)}`,
    idempotencyKey: `chunked-${n}`,
    ...fields,
  })

describe('storeUsageEvents in chunks', () => {
  it('stores a multi-chunk batch in order, redacted, a key repeated across chunks answered duplicate', async () => {
    const tenant = await createTenant(db, 'Chunked Batch')
    await db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '1000' })
    const events = Array.from({ length: 120 }, (_, n) =>
      event(n, n === 110 ? { idempotencyKey: 'chunked-3' } : {}),
    )
    expect(redactInChunks(events, async (texts) => texts.map(() => ({}) as never)).length).toBeGreaterThan(2)

    const results = await storeUsageEvents(
      db,
      { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId },
      events,
      new Date(),
    )
    const stored = results.filter((r) => r.status === 'stored')
    expect(stored).toHaveLength(119)
    expect(results[110]).toMatchObject({ status: 'duplicate', id: (results[3] as { id: number }).id })
    const ids = stored.map((r) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    const rows = await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).orderBy('id')
    expect(rows).toHaveLength(119)
    expect(rows.every((r) => !r.prompt_content.includes('@example.com'))).toBe(true)
    const { rows: counted } = await db.raw(
      'select b.current_month_usage = sum(l.cost) as exact from ai_budgets b join ai_usage_logs l on l.organization_id = b.organization_id where b.organization_id = ? group by b.current_month_usage',
      [tenant.organizationId],
    )
    expect(counted).toEqual([{ exact: true }])
  })

  it('writes nothing of a chunk-spanning batch whose late row is refused, then stores the others alone', async () => {
    const tenant = await createTenant(db, 'Chunked Refusal')
    // Past what an integer column holds: the schema would refuse it, the database is the last line.
    const events = Array.from({ length: 120 }, (_, n) =>
      n === 115 ? { ...event(n), durationMs: 3_000_000_000 } : event(n),
    )
    const results = await storeUsageEvents(
      db,
      { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId },
      events,
      new Date(),
    )
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(119)
    expect(results[115]).toMatchObject({
      status: 'rejected',
      reason: 'INVALID_INPUT',
      error: expect.stringMatching(/out of range for type integer/),
    })
    expect(
      await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).count({ n: '*' }),
    ).toEqual([{ n: 119 }])
  })
})
