import Anthropic from '@anthropic-ai/sdk'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import {
  BudgetBlocked,
  BudgetCheckFailedError,
  BudgetConfirmationRequired,
  Tokenledger,
  type TokenledgerError,
  type TokenledgerOptions,
} from '@tokenledger/sdk'
import { tokenledgerMiddleware } from '@tokenledger/sdk/ai-sdk'
import { wrapAnthropic } from '@tokenledger/sdk/anthropic'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import { type MockAnthropic, startMockAnthropic } from '@tokenledger/tooling/testing/mock-anthropic'
import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { generateText, wrapLanguageModel } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// Enforcing wrappers against the real api (real Postgres) and the local mock providers: a call
// over budget never reaches the provider.
let db: Db
let api: ApiServer
let openaiMock: MockOpenAI
let anthropicMock: MockAnthropic
let tenant: Tenant
let checks: number
let errors: TokenledgerError[]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test' })
  openaiMock = await startMockOpenAI()
  anthropicMock = await startMockAnthropic()
})
afterAll(async () => {
  await api.close()
  await openaiMock.close()
  await anthropicMock.close()
  await db.destroy()
})
beforeEach(async () => {
  tenant = await createTenant(db, 'Enforce')
  checks = 0
  errors = []
})

/** A Tokenledger on the real api that counts the budget checks it sends. */
function ledger(options: Partial<TokenledgerOptions> = {}) {
  return new Tokenledger({
    url: api.url,
    apiKey: tenant.apiKey,
    defaults: { userId: tenant.userId },
    fetch: (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('budgets.check')) checks++
      return fetch(input, init)
    },
    onError: (error) => errors.push(error),
    ...options,
  })
}

const setBudget = (fields: Record<string, unknown>) =>
  db('ai_budgets').insert({ organization_id: tenant.organizationId, ...fields })
const openaiCalls = () => openaiMock.requests.filter((r) => r.path.startsWith('/v1/')).length
const anthropicCalls = () => anthropicMock.requests.length
const rawOpenAI = () => new OpenAI({ baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 })
const chat = {
  model: 'gpt-4o',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'Summarise the estimate' }],
}
const failure = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => null,
    (e: unknown) => e,
  )

describe('wrapOpenAI with enforceBudgets', () => {
  it('lets an ok call through and logs it', async () => {
    await setBudget({ monthly_limit: '10.00' })
    const tokenledger = ledger()
    const openai = wrapOpenAI(rawOpenAI(), tokenledger, { enforceBudgets: true })
    const before = openaiCalls()
    const completion = await openai.chat.completions.create(chat)
    expect(completion.choices[0]?.message.content).toBeTruthy()
    expect(openaiCalls()).toBe(before + 1)
    // The call's own check, then the lease its ok opens for the next calls.
    expect(checks).toBe(2)
    await tokenledger.flush()
    expect(await db('ai_usage_logs').where({ organization_id: tenant.organizationId })).toHaveLength(1)
  })

  it('stops an exceeded budget before OpenAI; the confirmed override goes through and is recorded', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02' })
    const tokenledger = ledger()
    const openai = wrapOpenAI(rawOpenAI(), tokenledger, { enforceBudgets: true })
    const before = openaiCalls()
    const stopped = await failure(openai.chat.completions.create(chat))
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    const { request } = stopped as BudgetConfirmationRequired
    expect(request?.confirmationUrl).toBe(`http://admin.test/override/${request?.id}`)
    expect(openaiCalls()).toBe(before)

    await tokenledger.client.budgets.confirmOverride.mutate({ overrideId: request?.id as string })
    await openai.chat.completions.create(chat, {
      tokenledger: { budgetOverride: request?.id as string, purposeDetail: 'after override' },
    })
    expect(openaiCalls()).toBe(before + 1)
    await tokenledger.flush()
    const row = await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).first()
    expect(row).toMatchObject({
      purpose_detail: 'after override',
      budget_override: true,
      budget_override_by: tenant.userId,
      budget_override_id: request?.id,
    })
  })

  it('stops a blocked budget for every way of calling: create, stream, parse, responses, embeddings', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02', allow_override: false })
    const openai = wrapOpenAI(rawOpenAI(), ledger(), { enforceBudgets: true })
    const before = openaiCalls()
    expect(await failure(openai.chat.completions.create(chat))).toBeInstanceOf(BudgetBlocked)
    expect(await failure(openai.chat.completions.create({ ...chat, stream: true }))).toBeInstanceOf(
      BudgetBlocked,
    )
    expect(await failure(openai.chat.completions.parse(chat))).toBeInstanceOf(BudgetBlocked)
    // The streaming helpers wrap what goes wrong in their own error class; the SDK's error is its cause.
    const helper = await failure(openai.chat.completions.stream(chat).finalChatCompletion())
    expect(helper).toBeInstanceOf(OpenAI.OpenAIError)
    expect((helper as Error).cause).toBeInstanceOf(BudgetBlocked)
    expect(await failure(openai.responses.create({ model: 'gpt-4o', input: 'Hi' }))).toBeInstanceOf(
      BudgetBlocked,
    )
    expect(
      await failure(openai.embeddings.create({ model: 'text-embedding-3-small', input: 'Hi' })),
    ).toBeInstanceOf(BudgetBlocked)
    expect(openaiCalls()).toBe(before)
  })

  it('keeps the helpers working when the call is allowed: stream, parse, withResponse', async () => {
    await setBudget({ monthly_limit: '10.00' })
    const openai = wrapOpenAI(rawOpenAI(), ledger(), { enforceBudgets: true })
    const chunks = []
    for await (const chunk of await openai.chat.completions.create({ ...chat, stream: true }))
      chunks.push(chunk)
    expect(chunks.length).toBeGreaterThan(0)
    const parsed = await openai.chat.completions.parse(chat)
    expect(parsed.choices[0]?.message.parsed).toBeNull()
    const final = await openai.chat.completions.stream(chat).finalChatCompletion()
    expect(final.choices[0]?.message.content).toBeTruthy()
    const { data, response } = await openai.chat.completions.create(chat).withResponse()
    expect(response.status).toBe(200)
    expect(data.id).toBeTruthy()
  })

  it("counts the request's own estimate: max_tokens that would go past the limit stop the call", async () => {
    // $0.005 left; 100 output tokens at gpt-4o's $10/M cost $0.001, 1,000 cost $0.01.
    await setBudget({ monthly_limit: '1.00', current_month_usage: '0.995' })
    const openai = wrapOpenAI(rawOpenAI(), ledger(), { enforceBudgets: true, budgetCacheTtlMs: 0 })
    const before = openaiCalls()
    await openai.chat.completions.create(chat)
    expect(openaiCalls()).toBe(before + 1)
    expect(await failure(openai.chat.completions.create({ ...chat, max_tokens: 1_000 }))).toBeInstanceOf(
      BudgetConfirmationRequired,
    )
    // The caller's own estimate wins over the SDK's.
    await openai.chat.completions.create(
      { ...chat, max_tokens: 1_000 },
      { tokenledger: { estimatedCost: '0.001' } },
    )
    expect(openaiCalls()).toBe(before + 2)
  })

  it('asks the api once per scope, and once for its lease, while the answer is ok and fresh', async () => {
    await setBudget({ monthly_limit: '10.00' })
    const openai = wrapOpenAI(rawOpenAI(), ledger(), { enforceBudgets: true, budgetCacheTtlMs: 60_000 })
    await openai.chat.completions.create(chat)
    await openai.chat.completions.create(chat)
    await openai.chat.completions.create(chat)
    expect(checks).toBe(2)
    const other = await db('users')
      .insert({ name: 'Other', email: `other-${Date.now()}@example.com` })
      .returning('id')
    await db('organization_user').insert({
      organization_id: tenant.organizationId,
      user_id: other[0].id,
      role: 'ic',
    })
    await openai.chat.completions.create(chat, { tokenledger: { userId: other[0].id } })
    expect(checks).toBe(4)
  })

  it('only logs, as before, without enforceBudgets', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02', allow_override: false })
    const openai = wrapOpenAI(rawOpenAI(), ledger())
    const before = openaiCalls()
    await openai.chat.completions.create(chat)
    expect(openaiCalls()).toBe(before + 1)
    expect(checks).toBe(0)
  })

  it('fails open by default when the api cannot be reached, reporting it', async () => {
    const unreachable = ledger({ url: 'http://127.0.0.1:9', budgetCheckTimeoutMs: 500 })
    const openai = wrapOpenAI(rawOpenAI(), unreachable, { enforceBudgets: true })
    const before = openaiCalls()
    await openai.chat.completions.create(chat)
    expect(openaiCalls()).toBe(before + 1)
    expect(errors.some((e) => e instanceof BudgetCheckFailedError && !e.failedClosed)).toBe(true)
  })

  it('fails closed when configured: throws BudgetCheckFailedError and sends nothing', async () => {
    const unreachable = ledger({ url: 'http://127.0.0.1:9', budgetCheckTimeoutMs: 500 })
    const openai = wrapOpenAI(rawOpenAI(), unreachable, { enforceBudgets: true, budgetFailMode: 'closed' })
    const before = openaiCalls()
    const thrown = await failure(openai.chat.completions.create(chat))
    expect(thrown).toBeInstanceOf(BudgetCheckFailedError)
    expect((thrown as BudgetCheckFailedError).failedClosed).toBe(true)
    expect(openaiCalls()).toBe(before)
  })
})

describe('wrapAnthropic with enforceBudgets', () => {
  const message = {
    model: 'claude-sonnet-4-5',
    max_tokens: 256,
    messages: [{ role: 'user' as const, content: 'Hi' }],
  }
  const rawAnthropic = () =>
    new Anthropic({ baseURL: anthropicMock.url, apiKey: 'sk-ant-test', maxRetries: 0 })

  it('stops an over-budget call before Anthropic, create and stream alike', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02', allow_override: false })
    const anthropic = wrapAnthropic(rawAnthropic(), ledger(), { enforceBudgets: true })
    const before = anthropicCalls()
    expect(await failure(anthropic.messages.create(message))).toBeInstanceOf(BudgetBlocked)
    const helper = await failure(anthropic.messages.stream(message).finalMessage())
    expect(helper).toBeInstanceOf(Anthropic.AnthropicError)
    expect((helper as Error).cause).toBeInstanceOf(BudgetBlocked)
    expect(anthropicCalls()).toBe(before)
  })

  it('lets an ok call through, create and stream alike', async () => {
    await setBudget({ monthly_limit: '10.00' })
    const anthropic = wrapAnthropic(rawAnthropic(), ledger(), { enforceBudgets: true })
    const before = anthropicCalls()
    const created = await anthropic.messages.create(message)
    expect(created.content.length).toBeGreaterThan(0)
    const streamed = await anthropic.messages.stream(message).finalMessage()
    expect(streamed.content.length).toBeGreaterThan(0)
    expect(anthropicCalls()).toBe(before + 2)
  })

  it('goes through with a confirmed override', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02' })
    const tokenledger = ledger()
    const anthropic = wrapAnthropic(rawAnthropic(), tokenledger, { enforceBudgets: true })
    const stopped = (await failure(anthropic.messages.create(message))) as BudgetConfirmationRequired
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    await tokenledger.client.budgets.confirmOverride.mutate({ overrideId: stopped.request?.id as string })
    const before = anthropicCalls()
    await anthropic.messages.create(message, {
      tokenledger: { budgetOverride: stopped.request?.id as string },
    })
    expect(anthropicCalls()).toBe(before + 1)
    await tokenledger.flush()
    const row = await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).first()
    expect(row).toMatchObject({ budget_override: true, budget_override_id: stopped.request?.id })
  })
})

describe('tokenledgerMiddleware with enforceBudgets', () => {
  const model = () =>
    new MockLanguageModelV3({
      provider: 'openai.chat',
      modelId: 'gpt-4o',
      doGenerate: async () => ({
        content: [{ type: 'text', text: 'Hello there!' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 5, text: 5, reasoning: undefined },
        },
        warnings: [],
      }),
    })

  it('does not call the model over budget; an ok call and a confirmed override go through', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02' })
    const tokenledger = ledger()
    const mock = model()
    const wrapped = wrapLanguageModel({
      model: mock,
      middleware: tokenledgerMiddleware(tokenledger, { enforceBudgets: true, userId: tenant.userId }),
    })
    const stopped = (await failure(
      generateText({ model: wrapped, prompt: 'Hi' }),
    )) as BudgetConfirmationRequired
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    expect(mock.doGenerateCalls).toHaveLength(0)

    await tokenledger.client.budgets.confirmOverride.mutate({ overrideId: stopped.request?.id as string })
    const result = await generateText({
      model: wrapped,
      prompt: 'Hi',
      providerOptions: { tokenledger: { budgetOverride: stopped.request?.id as string } },
    })
    expect(result.text).toBe('Hello there!')
    expect(mock.doGenerateCalls).toHaveLength(1)
    await tokenledger.flush()
    const row = await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).first()
    expect(row).toMatchObject({ budget_override: true, budget_override_id: stopped.request?.id })

    await db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .update({ monthly_limit: '100.00' })
    await generateText({ model: wrapped, prompt: 'Hi' })
    expect(mock.doGenerateCalls).toHaveLength(2)
  })
})
