import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BYPASS_CASES } from './support/bypass-cases'

// The classes of input a security probe got through redaction in clear, each sent through
// usage.log and read back from ai_usage_logs: the planted value is gone in every encoding.
let db: Db
let api: ApiServer
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Bypass')
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

describe('redaction bypass classes through usage.log', () => {
  it.each(BYPASS_CASES)('$name', async ({ text, secrets, types }) => {
    const client = createClient({ url: api.url, apiKey: tenant.apiKey })
    const result = await client.usage.log.mutate({
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptTokens: 10,
      completionTokens: 2,
      prompt: text,
      response: text,
      errorMessage: text,
    })
    const row = await db('ai_usage_logs').where({ id: result.id }).first()
    for (const column of ['prompt_content', 'response_content', 'error_message'] as const) {
      const stored: string = row[column]
      for (const secret of secrets)
        expect(stored, `${column} keeps ${JSON.stringify(secret)}`).not.toContain(secret)
      for (const type of types) expect(stored).toContain(`[REDACTED:${type}]`)
    }
    expect(row.content_redacted).toBe(true)
    for (const type of types) expect(row.redaction_summary[type]).toBeGreaterThan(0)
  })
})
