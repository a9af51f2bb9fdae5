import { recordUsage } from '@tokenledger/api'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, createTestDatabase, type Tenant, type TestDatabase } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedactionPool } from './redaction-pool/redaction-pool'

let database: TestDatabase
let db: Db
let tenant: Tenant
const workers = new RedactionPool({ size: 1, inlineBelowChars: 0 })

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  tenant = await createTenant(db, 'Record Usage')
})
afterAll(async () => {
  await workers.close()
  await db?.destroy()
  await database?.drop()
})

const identity = () => ({ apiKeyId: tenant.apiKeyId, organizationId: tenant.organizationId })
const valid = { provider: 'openai', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }

// The write path with redaction in the server's worker pool (which lives here, in the HTTP shell).
describe('recordUsage with the redaction pool', () => {
  it('prices with the raw model, then stores every field redacted, counted in one summary', async () => {
    const model = 'ft:gpt-4o:jane.doe@example.com'
    await db('model_prices').insert({
      provider: 'openai',
      model,
      input_mtok: '1000000',
      output_mtok: '0',
      effective_from: new Date('2024-01-01'),
    })
    const [result] = await recordUsage(
      db,
      identity(),
      [
        {
          ...valid,
          model,
          promptTokens: 1,
          completionTokens: 0,
          taskType: 'ip 203.0.113.42',
          loggable: { type: 'ssn 287-65-4312', id: 'AKIAHDFREAEYKY4WJPWV' },
          idempotencyKey: 'retry-415-555-0147',
          metadata: { 'bob@example.org': { card: 4111111111111111 } },
          errorMessage: `failed: ${'e'.repeat(30_000)}`,
        },
      ],
      new Date(),
      workers.redactAll,
    )
    expect(result).toMatchObject({ status: 'stored', cost: '1', priced: true })
    const row = await db('ai_usage_logs')
      .where({ id: (result as { id: number }).id })
      .first()
    expect(row).toMatchObject({
      model: 'ft:gpt-4o:[REDACTED:email]',
      cost_source: 'custom',
      task_type: 'ip [REDACTED:ip_address]',
      loggable_type: 'ssn [REDACTED:ssn]',
      loggable_id: '[REDACTED:aws_key]',
      metadata: { '[REDACTED:email]': { card: '[REDACTED:credit_card]' }, content_truncated: true },
      content_redacted: true,
      redaction_summary: { email: 2, ip_address: 1, ssn: 1, aws_key: 1, phone: 1, credit_card: 1 },
    })
    expect(row.idempotency_key).toMatch(/^retry-\[REDACTED:phone\]#[0-9a-f]{16}$/)
    expect(row.error_message).toMatch(/^failed: e+\n\[TRUNCATED: 10008 more characters\]$/)

    // A retry of the same raw key is a duplicate, not a second row.
    const [again] = await recordUsage(
      db,
      identity(),
      [{ ...valid, model, idempotencyKey: 'retry-415-555-0147' }],
      new Date(),
      workers.redactAll,
    )
    expect(again).toMatchObject({ status: 'duplicate', id: (result as { id: number }).id })
  })

  it('stores the same rows whether redaction runs in place or in the worker pool', async () => {
    const event = {
      ...valid,
      prompt: `call 415-555-0147 ${'1234 5678 '.repeat(5_000)}`,
      response: 'mail jane.doe@example.com',
      metadata: { note: 'card 4111 1111 1111 1111' },
    }
    const inline = new RedactionPool({ inlineBelowChars: Number.POSITIVE_INFINITY })
    const [a] = await recordUsage(db, identity(), [event], new Date(), inline.redactAll)
    const [b] = await recordUsage(db, identity(), [event], new Date(), workers.redactAll)
    const columns = [
      'prompt_content',
      'response_content',
      'metadata',
      'redaction_summary',
      'content_redacted',
    ]
    const row = (result: typeof a) =>
      db('ai_usage_logs')
        .where({ id: (result as { id: number }).id })
        .first(columns)
    const [rowA, rowB] = await Promise.all([row(a), row(b)])
    expect(rowB).toEqual(rowA)
    expect(rowA.response_content).toBe('mail [REDACTED:email]')
  })
})
