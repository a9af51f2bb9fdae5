import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, createTestDatabase, type Tenant, type TestDatabase } from '@tokenledger/db/testing'
import { exportTraceServiceRequest } from '@tokenledger/otlp-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from '../server'

// POST /v1/traces on the api's own port: the same receiver as the gateway's, storing in process
// through usage.logBatch (mirrors apps/gateway/test/otlp.test.ts).
let database: TestDatabase
let db: Db
let tenant: Tenant
let api: ApiServer

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  tenant = await createTenant(db, 'OTLP on the api')
  api = await startApiServer({ db, port: 0 })
})
afterAll(async () => {
  await api?.close()
  await db?.destroy()
  await database?.drop()
})

const vercelPayload = readFileSync(
  new URL('../../../../packages/contract/src/otlp/fixtures/vercel-ai-v6-generate-text.json', import.meta.url),
  'utf8',
)
  // The fixture names the app's own user id "42"; this test attributes by Tokenledger's numeric id.
  .replaceAll('"ai.telemetry.metadata.userId"', '"ai.telemetry.metadata.tokenledgerUserId"')
  .replaceAll('"stringValue": "42"', '"stringValue": "USER_ID"')
const post = (body: string | Buffer, headers: Record<string, string>) =>
  fetch(`${api.url}/v1/traces`, { method: 'POST', body, headers })
const rows = () => db('ai_usage_logs').where({ organization_id: tenant.organizationId }).orderBy('id')

describe('POST /v1/traces on the api', () => {
  it('stores the AI SDK’s doGenerate span once, priced, attributed and redacted', async () => {
    const body = vercelPayload.replaceAll('USER_ID', String(tenant.userId))
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` }
    const response = await post(body, headers)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({})
    expect(response.headers.get('x-tokenledger-spans')).toBe('stored=1, duplicates=0, rejected=0, ignored=1')
    const again = await post(body, headers)
    expect(again.headers.get('x-tokenledger-spans')).toBe('stored=0, duplicates=1, rejected=0, ignored=1')

    const [row, ...more] = await rows()
    expect(more).toEqual([])
    expect(row).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      task_type: 'ai.generateText.doGenerate',
      user_id: tenant.userId,
      category: 'summarization',
      content_redacted: true,
      redaction_summary: { email: 1, phone: 1 },
      cost: '0.004720000000',
    })
    expect(row.prompt_content).toContain('[REDACTED:email]')
  })

  it('takes gzipped protobuf with x-tokenledger-key, answers in protobuf, and refuses what OTLP refuses', async () => {
    const type = exportTraceServiceRequest()
    const now = BigInt(Date.now()) * 1_000_000n
    const span = (key: string, value: Record<string, unknown>) => ({ key, value })
    const protobuf = gzipSync(
      type
        .encode(
          type.fromObject({
            resourceSpans: [
              {
                scopeSpans: [
                  {
                    spans: [
                      {
                        traceId: Buffer.from('5bf92f3577b34da6a3ce929d0e0e4736', 'hex'),
                        spanId: Buffer.from('10f067aa0ba902b7', 'hex'),
                        name: 'chat gpt-4o',
                        startTimeUnixNano: String(now - 2_000_000_000n),
                        endTimeUnixNano: String(now - 1_000_000_000n),
                        attributes: [
                          span('gen_ai.provider.name', { stringValue: 'openai' }),
                          span('gen_ai.operation.name', { stringValue: 'chat' }),
                          span('gen_ai.request.model', { stringValue: 'gpt-4o' }),
                          span('gen_ai.usage.input_tokens', { intValue: 1000 }),
                          span('gen_ai.usage.output_tokens', { intValue: 100 }),
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          }),
        )
        .finish(),
    )
    const headers = {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
      'x-tokenledger-key': tenant.apiKey,
    }
    const response = await post(protobuf, headers)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-protobuf')
    expect(response.headers.get('x-tokenledger-spans')).toBe('stored=1, duplicates=0, rejected=0, ignored=0')
    expect((await rows()).at(-1)).toMatchObject({ prompt_tokens: 1000, completion_tokens: 100 })

    const unknownKey = await post('{"resourceSpans":[]}', {
      'content-type': 'application/json',
      authorization: 'Bearer tl_not_a_real_key_000000000000',
    })
    expect(unknownKey.status).toBe(401)
    expect(await unknownKey.json()).toMatchObject({ code: 16 })
    expect((await post('hello', { ...headers, 'content-type': 'text/plain' })).status).toBe(415)
    expect(
      (await post('{not json', { 'content-type': 'application/json', 'x-tokenledger-key': tenant.apiKey }))
        .status,
    ).toBe(400)
    expect((await fetch(`${api.url}/v1/traces`)).status).toBe(405)
  })
})
