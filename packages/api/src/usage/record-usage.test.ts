import { createDb, type Db } from '@tokenledger/db'
import { createTenant, createTestDatabase, type Tenant, type TestDatabase } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordUsage } from './record-usage'

let database: TestDatabase
let db: Db
let tenant: Tenant

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  tenant = await createTenant(db, 'Record Usage')
})
afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

const identity = () => ({ apiKeyId: tenant.apiKeyId, organizationId: tenant.organizationId })
const valid = { provider: 'openai', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = {}
  for (let i = 1; i < levels; i++) value = { next: value }
  return value
}

describe('recordUsage', () => {
  it('rejects poison events alone, with their reason, and stores the rest of the batch', async () => {
    const results = await recordUsage(
      db,
      identity(),
      [
        { ...valid, purposeDetail: 'first' },
        { ...valid, provider: 'open\u0000ai', model: 'gpt\u00004o', purposeDetail: 'nul' },
        { ...valid, metadata: nested(5_000) },
        { ...valid, organizationId: 1 },
        { ...valid, metadata: { blob: 'x'.repeat(70_000) } },
        { ...valid, purposeDetail: 'last' },
      ],
      new Date(),
    )
    expect(results.map((r) => r.status)).toEqual([
      'stored',
      'stored',
      'rejected',
      'rejected',
      'rejected',
      'stored',
    ])
    expect(results[2]).toMatchObject({
      reason: 'INVALID_INPUT',
      error: 'metadata: nests deeper than 10 levels',
    })
    expect(results[3]).toMatchObject({ reason: 'INVALID_INPUT', error: 'Unrecognized key: "organizationId"' })
    expect(results[4]).toMatchObject({ error: 'metadata: larger than 65,536 characters of JSON' })
    const rows = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .orderBy('id')
      .select('provider', 'model', 'purpose_detail')
    expect(rows).toEqual([
      { provider: 'openai', model: 'gpt-4o', purpose_detail: 'first' },
      { provider: 'open\uFFFDai', model: 'gpt\uFFFD4o', purpose_detail: 'nul' },
      { provider: 'openai', model: 'gpt-4o', purpose_detail: 'last' },
    ])
  })
})
