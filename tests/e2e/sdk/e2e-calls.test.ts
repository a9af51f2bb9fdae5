import Anthropic from '@anthropic-ai/sdk'
import type { ApiServer } from '@tokenledger/api-server'
import type { Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { BudgetBlocked, Tokenledger, type TokenledgerError } from '@tokenledger/sdk'
import { tokenledgerMiddleware } from '@tokenledger/sdk/ai-sdk'
import { wrapAnthropic } from '@tokenledger/sdk/anthropic'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import {
  ANTHROPIC_USAGE_1H_WEB_SEARCH,
  type MockAnthropic,
} from '@tokenledger/tooling/testing/mock-anthropic'
import type { MockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { generateText, streamText, wrapLanguageModel } from 'ai'
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SdkSystem, startSdkSystem } from './support/sdk-system'

// The calls apps make beyond chat completions, through the real api into Postgres: the Responses
// API, embeddings, the AI SDK middleware and Anthropic's 1-hour cache and web search usage.
let db: Db
let api: ApiServer
let tenant: Tenant
let openaiMock: MockOpenAI
let anthropicMock: MockAnthropic

let system: SdkSystem

beforeAll(async () => {
  system = await startSdkSystem()
  ;({ db, api, openaiMock, anthropicMock } = system)
  tenant = await createTenant(db, 'Calls')
  anthropicMock.setUsage(ANTHROPIC_USAGE_1H_WEB_SEARCH)
})
afterAll(() => system.close())

function ledger() {
  const errors: TokenledgerError[] = []
  const tokenledger = new Tokenledger({
    url: api.url,
    apiKey: tenant.apiKey,
    openai: { baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
    batch: { flushIntervalMs: 50, flushTimeoutMs: 15_000 },
    onError: (e) => errors.push(e),
  })
  return { tokenledger, errors }
}

const rows = (purposeDetail: string) =>
  db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId, purpose_detail: purposeDetail })
    .orderBy('id')

/** The stored cost as a number: the same for 6 decimals and for the exact-money scale. */
const cost = (row: { cost: string | null }) => (row.cost === null ? null : Number(row.cost))

/**
 * RESPONSES_USAGE on gpt-4o-mini ($0.15 input, $0.075 cached input, $0.60 output per million):
 * 2,000 × 0.15 + 1,000 × 0.075 + 1,000 × 0.60 = 975 millionths of a dollar.
 */
const RESPONSES_COST = 0.000975
const responsesRow = {
  provider: 'openai',
  model: 'gpt-4o-mini-2024-07-18',
  prompt_tokens: 3000,
  completion_tokens: 1000,
  total_tokens: 4000,
  cached_tokens: 1000,
  cache_write_tokens: 0,
  reasoning_tokens: 200,
  success: true,
  metadata: { requestedModel: 'gpt-4o-mini' },
}

describe('the calls apps actually make, end to end', () => {
  it('stores Responses API calls (streamed too) with the reported model and the exact cost', async () => {
    const { tokenledger, errors } = ledger()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
      tokenledger,
      { purposeDetail: 'e2e-responses', userId: tenant.userId },
    )
    await openai.responses.create({ model: 'gpt-4o-mini', input: 'Mail jane.doe@example.com the totals' })
    for await (const _ of await openai.responses.create({
      model: 'gpt-4o-mini',
      input: 'Hi',
      stream: true,
    })) {
      // read to the end
    }
    expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    expect(errors).toEqual([])

    const stored = await rows('e2e-responses')
    expect(stored).toHaveLength(2)
    for (const row of stored) {
      expect(row).toMatchObject({ ...responsesRow, user_id: tenant.userId, response_content: 'Hello there!' })
      expect(cost(row)).toBe(RESPONSES_COST)
    }
    expect(stored[0].prompt_content).toBe('Mail [REDACTED:email] the totals')
  })

  it('stores a Responses function call with the values in its arguments redacted', async () => {
    const { tokenledger } = ledger()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
      tokenledger,
      { purposeDetail: 'e2e-responses-tools' },
    )
    await openai.responses.create({
      model: 'gpt-4o-mini',
      input: 'Mail the totals',
      tools: [{ type: 'function', name: 'send_mail', parameters: {}, strict: false }],
    })
    await tokenledger.shutdown()
    const [row] = await rows('e2e-responses-tools')
    expect(row.response_content).toBe('Hello there!\n[tool call send_mail] {"to":"[REDACTED:email]"}')
    expect(row.redaction_summary).toEqual({ email: 1 })
  })

  it('stores the builder via the Responses API and embeddings with exact costs', async () => {
    const { tokenledger, errors } = ledger()
    const generated = await tokenledger
      .text()
      .using('openai', 'gpt-4o-mini')
      .viaResponses()
      .withPrompt('Summarise')
      .withPurposeDetail('e2e-builder-responses')
      .generate()
    expect(generated.text).toBe('Hello there!')
    const embedded = await tokenledger
      .text()
      .using('openai', 'text-embedding-3-small')
      .withCategory('classification')
      .withPurposeDetail('e2e-embeddings')
      .embed(['call 555-0100', 'second text'])
    expect(embedded.embeddings).toHaveLength(2)
    expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    expect(errors).toEqual([])

    const [responses] = await rows('e2e-builder-responses')
    expect(responses).toMatchObject(responsesRow)
    expect(cost(responses)).toBe(RESPONSES_COST)

    const [embedding, ...more] = await rows('e2e-embeddings')
    expect(more).toEqual([])
    expect(embedding).toMatchObject({
      provider: 'openai',
      model: 'text-embedding-3-small',
      prompt_tokens: 5000,
      completion_tokens: 0,
      total_tokens: 5000,
      category: 'classification',
      success: true,
      prompt_content: 'call 555-0100\n\nsecond text',
      metadata: {},
    })
    // text-embedding-3-small: 5,000 × $0.02 per million.
    expect(cost(embedding)).toBe(0.0001)
  })

  it('stores AI SDK calls made through the middleware with exact costs', async () => {
    const { tokenledger, errors } = ledger()
    const usage = {
      inputTokens: { total: 3000, noCache: 2000, cacheRead: 1000, cacheWrite: undefined },
      outputTokens: { total: 1000, text: 800, reasoning: 200 },
    }
    const finishReason = { unified: 'stop' as const, raw: 'stop' }
    const mock = new MockLanguageModelV3({
      provider: 'openai.responses',
      modelId: 'gpt-4o-mini',
      doGenerate: async () => ({
        content: [{ type: 'text', text: 'Hello there!' }],
        finishReason,
        usage,
        warnings: [],
        response: { id: 'r', modelId: 'gpt-4o-mini-2024-07-18', timestamp: new Date(0) },
      }),
      doStream: async () => ({
        stream: convertArrayToReadableStream([
          { type: 'text-start', id: '1' },
          { type: 'text-delta', id: '1', delta: 'Hello there!' },
          { type: 'text-end', id: '1' },
          { type: 'finish', finishReason, usage },
        ]),
      }),
    })
    const model = wrapLanguageModel({
      model: mock,
      middleware: tokenledgerMiddleware(tokenledger, { purposeDetail: 'e2e-ai-sdk', userId: tenant.userId }),
    })
    await generateText({ model, prompt: 'Hi' })
    expect(await streamText({ model, prompt: 'Hi' }).text).toBe('Hello there!')
    expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    expect(errors).toEqual([])

    const stored = await rows('e2e-ai-sdk')
    expect(stored).toHaveLength(2)
    expect(stored[0]).toMatchObject(responsesRow)
    expect(stored[1]).toMatchObject({ ...responsesRow, model: 'gpt-4o-mini', metadata: {} })
    expect(stored.map(cost)).toEqual([RESPONSES_COST, RESPONSES_COST])
  })

  it('stops an AI SDK call at a used-up budget that forbids overrides', async () => {
    const blockedTenant = await createTenant(db, 'Blocked')
    await db('ai_budgets').insert({
      organization_id: blockedTenant.organizationId,
      monthly_limit: '0.01',
      current_month_usage: '0.02',
      allow_override: false,
    })
    const tokenledger = new Tokenledger({ url: api.url, apiKey: blockedTenant.apiKey })
    const mock = new MockLanguageModelV3({ provider: 'openai.chat', modelId: 'gpt-4o-mini' })
    const model = wrapLanguageModel({
      model: mock,
      middleware: tokenledgerMiddleware(tokenledger, { userId: blockedTenant.userId, checkBudget: true }),
    })
    await expect(generateText({ model, prompt: 'Hi' })).rejects.toBeInstanceOf(BudgetBlocked)
    expect(mock.doGenerateCalls).toHaveLength(0)
    await tokenledger.shutdown()
  })

  it('accepts Anthropic 1-hour cache writes and web searches from the wrapper', async () => {
    const { tokenledger, errors } = ledger()
    const anthropic = wrapAnthropic(
      new Anthropic({ baseURL: anthropicMock.url, apiKey: 'k', maxRetries: 0 }),
      tokenledger,
      { purposeDetail: 'e2e-anthropic-1h' },
    )
    const body = {
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'Hi' }],
    }
    await anthropic.messages.create(body)
    for await (const _ of await anthropic.messages.create({ ...body, stream: true })) {
      // read to the end
    }
    expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    expect(errors).toEqual([])
    const stored = await rows('e2e-anthropic-1h')
    expect(stored).toHaveLength(2)
    for (const row of stored) {
      expect(row).toMatchObject({
        prompt_tokens: 2350,
        cached_tokens: 2000,
        cache_write_tokens: 300,
        success: true,
      })
    }
  })
})
