import { createDb, type Db } from '@tokenledger/db'
import { createTenant, createTestDatabase, type Tenant, type TestDatabase } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from './server'
import { RedactionPool } from './usage/redaction-pool/redaction-pool'

let database: TestDatabase
let db: Db
let tenant: Tenant
let api: ApiServer
// A pool whose queue holds 1,000 characters, and that sends everything to its worker.
const pool = new RedactionPool({ size: 1, inlineBelowChars: 0, maxQueuedChars: 1_000 })

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  tenant = await createTenant(db, 'Usage Router')
  api = await startApiServer({ db, port: 0, redactionPool: pool })
})
afterAll(async () => {
  await api?.close()
  await pool.close()
  await db?.destroy()
  await database?.drop()
})

const post = (procedure: string, body: unknown) =>
  fetch(`${api.url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify(body),
  })

describe('usage router', () => {
  it('redacts with the pool it is given', async () => {
    const response = await post('usage.log', {
      provider: 'openai',
      model: 'gpt-4o',
      prompt: 'mail jane.doe@example.com',
    })
    expect(response.status).toBe(200)
    const row = await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).first()
    expect(row.prompt_content).toBe('mail [REDACTED:email]')
  })

  it('answers 429 (retry later) when the redaction queue is full, storing nothing', async () => {
    const before = await db('ai_usage_logs').count({ n: '*' }).first()
    const response = await post('usage.logBatch', {
      events: [{ provider: 'openai', model: 'gpt-4o', prompt: 'x'.repeat(2_000) }],
    })
    expect(response.status).toBe(429)
    expect(await response.json()).toMatchObject({
      error: {
        message: expect.stringMatching(/^the server is busy redacting other requests/),
        data: { code: 'TOO_MANY_REQUESTS' },
      },
    })
    expect(await db('ai_usage_logs').count({ n: '*' }).first()).toEqual(before)
  })
})
