import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { exportTraceServiceRequest } from '@tokenledger/otlp-receiver'
import { createClient } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway } from '../src'
import { ANSWER, generateTextWithTelemetry } from './support/ai-sdk-telemetry'
import { type System, startSystem } from './support/system'

// OTLP ingest end to end: the gateway's /v1/traces, the real api behind it, real PostgreSQL.
let system: System
beforeAll(async () => {
  system = await startSystem()
})
afterAll(() => system.stop())

// Captured from the AI SDK 6 and the official OTLP/JSON exporter (see the contract's mapper test).
const vercelPayload = readFileSync(
  new URL('../../../packages/contract/src/otlp/fixtures/vercel-ai-v6-generate-text.json', import.meta.url),
  'utf8',
)
const PROMPT_PII = 'Summarise the note from jane.doe@example.com, phone 415-555-0132.'

/** The captured payload as this tenant's app sends it: its own user id ("42") in the telemetry metadata. */
const vercelPayloadFor = (_t: Tenant) => vercelPayload
/** The user the app's own id names in this tenant's organization (created by the first export). */
const appUserId = async (t: Tenant, externalId: string) =>
  (await system.db('users').where({ organization_id: t.organizationId, external_id: externalId }).first())?.id

const post = (body: string | Buffer, headers: Record<string, string>) =>
  fetch(`${system.gateway.url}/v1/traces`, { method: 'POST', body, headers })
const jsonHeaders = (t: Tenant) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${t.apiKey}`,
})
const rows = (t: Tenant) =>
  system.db('ai_usage_logs').where({ organization_id: t.organizationId }).orderBy('id')

describe('OTLP/JSON as the Vercel AI SDK exports it', () => {
  let tenant: Tenant
  beforeAll(async () => {
    tenant = await createTenant(system.db, 'OTLP JSON')
    await system.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '100.00' })
  })

  it('stores the doGenerate call once, priced, attributed and redacted', async () => {
    const response = await post(vercelPayloadFor(tenant), jsonHeaders(tenant))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({})
    expect(response.headers.get('x-tokenledger-spans')).toBe('stored=1, duplicates=0, rejected=0, ignored=1')

    const [row, ...more] = await rows(tenant)
    expect(more).toEqual([])
    expect(row).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 1200,
      completion_tokens: 300,
      cached_tokens: 1024,
      reasoning_tokens: 256,
      success: true,
      task_type: 'ai.generateText.doGenerate',
      // The AI SDK's metadata userId is the app's own id: a user created on first sight.
      user_id: await appUserId(tenant, '42'),
      category: 'summarization',
      purpose_detail: 'Weekly digest',
      response_content: 'Jane asked for the estimate by Friday.',
      content_redacted: true,
      redaction_summary: { email: 1, phone: 1 },
    })
    expect(row.prompt_content).toBe(
      'system: You summarise notes.\nuser: Summarise the note from [REDACTED:email], phone [REDACTED:phone].',
    )
    expect(row.idempotency_key).toMatch(/^otlp:[0-9a-f]{32}:[0-9a-f]{16}$/)
    // gpt-4o in the catalog: $2.50 / M input, $1.25 / M cached input, $10 / M output.
    // 176 × 2.5 + 1,024 × 1.25 + 300 × 10 = 440 + 1,280 + 3,000 = 4,720 millionths of a dollar.
    expect(row.cost).toBe('0.004720000000')
    const [budget] = await system.db('ai_budgets').where({ organization_id: tenant.organizationId })
    expect(budget.current_month_usage).toBe('0.004720000000')
  })

  it('stores nothing new when the same spans are sent again', async () => {
    const response = await post(vercelPayloadFor(tenant), jsonHeaders(tenant))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-tokenledger-spans')).toBe('stored=0, duplicates=1, rejected=0, ignored=1')
    expect(await rows(tenant)).toHaveLength(1)
    const [budget] = await system.db('ai_budgets').where({ organization_id: tenant.organizationId })
    expect(budget.current_month_usage).toBe('0.004720000000')
  })

  it('gives the same row as the SDK logging the same call', async () => {
    const [viaOtlp] = await rows(tenant)
    await createClient({ url: system.api.url, apiKey: tenant.apiKey }).usage.logBatch.mutate({
      events: [
        {
          provider: 'openai',
          model: 'gpt-4o',
          promptTokens: 1200,
          completionTokens: 300,
          cachedTokens: 1024,
          reasoningTokens: 256,
          user: { externalId: '42' },
          category: 'summarization',
          purposeDetail: 'Weekly digest',
          prompt: `system: You summarise notes.\nuser: ${PROMPT_PII}`,
          response: 'Jane asked for the estimate by Friday.',
        },
      ],
    })
    const viaSdk = (await rows(tenant))[1]
    const same = (r: typeof viaOtlp) => ({
      cost: r.cost,
      prompt_content: r.prompt_content,
      redaction_summary: r.redaction_summary,
      total_tokens: r.total_tokens,
      user_id: r.user_id,
      organization_id: r.organization_id,
    })
    expect(same(viaSdk)).toEqual(same(viaOtlp))
  })
})

describe('OTLP/protobuf', () => {
  let tenant: Tenant
  beforeAll(async () => {
    tenant = await createTenant(system.db, 'OTLP protobuf')
  })

  // The GenAI semconv spec's chat example, on the tenant's project, as protobuf.
  const protobufBody = (t: Tenant, spanId = '00f067aa0ba902b7') => {
    const type = exportTraceServiceRequest()
    const attribute = (key: string, value: Record<string, unknown>) => ({ key, value })
    const now = BigInt(Date.now()) * 1_000_000n
    return Buffer.from(
      type
        .encode(
          type.fromObject({
            resourceSpans: [
              {
                resource: {
                  attributes: [
                    attribute('service.name', { stringValue: 'billing' }),
                    attribute('tokenledger.project.tokenledger_id', { intValue: t.projectId }),
                  ],
                },
                scopeSpans: [
                  {
                    spans: [
                      {
                        traceId: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex'),
                        spanId: Buffer.from(spanId, 'hex'),
                        name: 'chat gpt-4o',
                        startTimeUnixNano: String(now - 2_000_000_000n),
                        endTimeUnixNano: String(now - 500_000_000n),
                        attributes: [
                          attribute('gen_ai.provider.name', { stringValue: 'openai' }),
                          attribute('gen_ai.operation.name', { stringValue: 'chat' }),
                          attribute('gen_ai.request.model', { stringValue: 'gpt-4o' }),
                          attribute('gen_ai.usage.input_tokens', { intValue: 1000 }),
                          attribute('gen_ai.usage.output_tokens', { intValue: 100 }),
                          attribute('enduser.id', { stringValue: 'app-user-7' }),
                          attribute('gen_ai.input.messages', {
                            stringValue: JSON.stringify([
                              {
                                role: 'user',
                                parts: [{ type: 'text', content: 'Employee SSN: 287-65-4312' }],
                              },
                            ]),
                          }),
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
  }
  const protobufHeaders = (t: Tenant, extra: Record<string, string> = {}) => ({
    'content-type': 'application/x-protobuf',
    'x-tokenledger-key': t.apiKey,
    ...extra,
  })

  it('stores a protobuf export once, and answers in protobuf', async () => {
    const first = await post(protobufBody(tenant), protobufHeaders(tenant))
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('application/x-protobuf')
    expect(new Uint8Array(await first.arrayBuffer())).toHaveLength(0) // an empty ExportTraceServiceResponse
    const again = await post(protobufBody(tenant), protobufHeaders(tenant))
    expect(again.headers.get('x-tokenledger-spans')).toBe('stored=0, duplicates=1, rejected=0, ignored=0')

    const stored = await rows(tenant)
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      prompt_tokens: 1000,
      completion_tokens: 100,
      duration_ms: 1500,
      project_id: tenant.projectId,
      // OpenTelemetry's enduser.id is the app's user when no Tokenledger attribute names one.
      user_id: await appUserId(tenant, 'app-user-7'),
      task_type: 'chat',
      prompt_content: 'user: Employee SSN: [REDACTED:ssn]',
      metadata: expect.objectContaining({ endUser: 'app-user-7' }),
      // 1,000 × $2.50 / M + 100 × $10 / M
      cost: '0.003500000000',
    })
  })

  it('takes a gzipped body (the exporters’ compression option)', async () => {
    const response = await post(
      gzipSync(protobufBody(tenant, '00f067aa0ba902b8')),
      protobufHeaders(tenant, { 'content-encoding': 'gzip' }),
    )
    expect(response.headers.get('x-tokenledger-spans')).toBe('stored=1, duplicates=0, rejected=0, ignored=0')
    expect(await rows(tenant)).toHaveLength(2)
  })
})

describe('the Vercel AI SDK 6 exporting to the gateway', () => {
  it.each(['json', 'protobuf'] as const)(
    'logs generateText through the OTLP %s exporter',
    async (protocol) => {
      const tenant = await createTenant(system.db, `AI SDK ${protocol}`)
      const text = await generateTextWithTelemetry({
        url: system.gateway.url,
        apiKey: tenant.apiKey,
        protocol,
        prompt: PROMPT_PII,
        metadata: {
          userId: `usr_${protocol}`,
          tokenledgerDocumentId: String(tenant.documentId),
          category: 'brief_analysis',
        },
      })
      expect(text).toBe(ANSWER)
      const stored = await rows(tenant)
      expect(stored).toHaveLength(1)
      expect(stored[0]).toMatchObject({
        task_type: 'ai.generateText.doGenerate',
        user_id: await appUserId(tenant, `usr_${protocol}`),
        document_id: tenant.documentId,
        category: 'brief_analysis',
        cost: '0.004720000000',
        redaction_summary: { email: 1, phone: 1 },
        metadata: expect.objectContaining({
          functionId: 'summarise-note',
          responseModel: 'gpt-4o-2024-08-06',
        }),
      })
    },
  )
})

describe('the Vercel AI SDK 6: one row per provider call', () => {
  it('logs both calls of a tool loop, not the generateText around them', async () => {
    const tenant = await createTenant(system.db, 'AI SDK tool loop')
    await generateTextWithTelemetry({
      url: system.gateway.url,
      apiKey: tenant.apiKey,
      protocol: 'protobuf',
      prompt: 'Summarise note 7',
      mode: 'tool-loop',
    })
    const stored = await rows(tenant)
    expect(stored.map((r) => [r.task_type, r.prompt_tokens, r.cost])).toEqual([
      ['ai.generateText.doGenerate', 1200, '0.004720000000'],
      ['ai.generateText.doGenerate', 1200, '0.004720000000'],
    ])
    expect(stored.map((r) => r.response_content)).toEqual(['[tool-call]', ANSWER])
  })

  it('logs the doStream call of streamText', async () => {
    const tenant = await createTenant(system.db, 'AI SDK stream')
    await generateTextWithTelemetry({
      url: system.gateway.url,
      apiKey: tenant.apiKey,
      protocol: 'json',
      prompt: 'Summarise note 7',
      mode: 'stream',
    })
    const stored = await rows(tenant)
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      task_type: 'ai.streamText.doStream',
      prompt_tokens: 1200,
      cached_tokens: 1024,
      completion_tokens: 300,
      response_content: ANSWER,
      cost: '0.004720000000',
    })
  })
})

describe('OTLP answers', () => {
  let tenant: Tenant
  beforeAll(async () => {
    tenant = await createTenant(system.db, 'OTLP answers')
  })
  const span = (spanId: string, attributes: Record<string, string>) => ({
    traceId: '5bf92f3577b34da6a3ce929d0e0e4736',
    spanId,
    name: 'chat',
    attributes: Object.entries(attributes).map(([key, stringValue]) => ({ key, value: { stringValue } })),
  })
  const exportOf = (...spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })
  const chat = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }

  it('stores what it can and counts the rest as rejected (partial success)', async () => {
    const response = await post(
      exportOf(
        span('1000000000000001', chat),
        span('1000000000000002', { ...chat, 'tokenledger.category': 'astrology' }),
        span('', chat),
        span('1000000000000004', { 'http.request.method': 'GET' }),
      ),
      jsonHeaders(tenant),
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string }
    }
    expect(body.partialSuccess.rejectedSpans).toBe('2')
    expect(body.partialSuccess.errorMessage).toMatch(
      /^Tokenledger rejected 2 span\(s\): span "chat": traceId must be/,
    )
    expect(body.partialSuccess.errorMessage).toMatch(/category: Invalid option/)
    expect(response.headers.get('x-tokenledger-spans')).toBe('stored=1, duplicates=0, rejected=2, ignored=1')
    expect(await rows(tenant)).toHaveLength(1)
  })

  it.each([
    ['no API key', {}, exportOf(), 401, /send your API key/],
    ['an unknown API key', { authorization: 'Bearer tl_unknown' }, exportOf(), 401, /Tokenledger: .*key/i],
    [
      'another content type',
      { 'content-type': 'text/plain' },
      exportOf(),
      415,
      /application\/x-protobuf or application\/json/,
    ],
    ['broken JSON', {}, '{"resourceSpans": [', 400, /the body is not valid JSON/],
    [
      'JSON that is no export request',
      {},
      '{"resourceSpans": {"a": 1}}',
      400,
      /not an OTLP ExportTraceServiceRequest: resourceSpans/,
    ],
    ['an unknown content encoding', { 'content-encoding': 'br' }, exportOf(), 415, /Content-Encoding br/],
  ])('refuses %s with a clear status', async (_label, headers, body, status, message) => {
    const base: Record<string, string> = { ...jsonHeaders(tenant), ...headers }
    if (_label === 'no API key') delete base.authorization
    const response = await post(body, base)
    expect(response.status).toBe(status)
    const error = (await response.json()) as { message: string }
    expect(error.message).toMatch(message)
  })

  it('refuses a gzip body that unzips past 32 MB with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(33 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(100_000)
    const response = await post(bomb, { ...jsonHeaders(tenant), 'content-encoding': 'gzip' })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { message: string }).message).toMatch(
      /unzipped request body is larger than 33554432 bytes/,
    )
  })

  it('answers 503, which exporters retry, while the api cannot be reached', async () => {
    const cutOff = await startGateway({ port: 0, apiUrl: 'http://127.0.0.1:9' })
    try {
      const response = await fetch(`${cutOff.url}/v1/traces`, {
        method: 'POST',
        body: exportOf(span('1000000000000005', chat)),
        headers: jsonHeaders(tenant),
      })
      expect(response.status).toBe(503)
      expect(((await response.json()) as { message: string }).message).toMatch(
        /^Tokenledger could not store the spans \(.*\); retry later$/,
      )
    } finally {
      await cutOff.close()
    }
  })

  it('answers 405 to anything but POST', async () => {
    const response = await fetch(`${system.gateway.url}/v1/traces`)
    expect(response.status).toBe(405)
  })
})
