import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { BudgetConfirmationRequired, Tokenledger } from '@tokenledger/sdk'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import { OPENAI_USAGE } from '@tokenledger/tooling/testing/mock-openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type SdkSystem, startSdkSystem } from './support/sdk-system'

// Reservations where the call is made (issue 14): concurrent enforcing calls see each other's
// holds on the real api (real Postgres), so together they never pass a budget's room.
let system: SdkSystem
let tenant: Tenant

beforeAll(async () => {
  system = await startSdkSystem()
})
afterAll(() => system.close())
beforeEach(async () => {
  tenant = await createTenant(system.db, 'Reservations')
})

/**
 * A Tokenledger whose events stay queued until flushed: the calls' reservations are held until
 * then, as they would be while slow calls are still running.
 */
const ledger = () =>
  new Tokenledger({
    url: system.api.url,
    apiKey: tenant.apiKey,
    defaults: { userId: tenant.userId },
    batch: { flushIntervalMs: 600_000, maxBatchSize: 1_000 },
  })
const held = () =>
  system.db('budget_reservations').where({ organization_id: tenant.organizationId }).select('amount')
const providerCalls = () => system.openaiMock.requests.filter((r) => r.path === '/v1/chat/completions').length
const chat = { model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user' as const, content: 'Hi' }] }

/** `count` concurrent calls each expected to cost `estimatedCost`; how many went through. */
async function burst(openai: ReturnType<typeof wrapOpenAI>, count: number, estimatedCost: string) {
  const results = await Promise.allSettled(
    Array.from({ length: count }, () =>
      openai.chat.completions.create(chat, { tokenledger: { estimatedCost } }),
    ),
  )
  const refused = results.filter((r) => r.status === 'rejected')
  for (const r of refused) expect(r.reason).toBeInstanceOf(BudgetConfirmationRequired)
  return results.length - refused.length
}

describe('concurrent enforcing calls against a budget with room for N', () => {
  // $1.05 with calls estimated at $0.10: room for 10 (the 11th would reach the limit).
  const N = 10

  it('let through at most N when every call reserves (no cache); logging the calls releases every hold', async () => {
    await system.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '1.05' })
    const tokenledger = ledger()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${system.openaiMock.url}/v1`, apiKey: 'sk-test' }),
      tokenledger,
      {
        enforceBudgets: true,
        budgetCacheTtlMs: 0,
      },
    )
    const before = providerCalls()
    const passed = await burst(openai, 3 * N, '0.1')
    expect(passed).toBe(N)
    expect(providerCalls() - before).toBe(N)
    expect(await held()).toHaveLength(N)

    // Each logged event carries its call's reservation: storing it releases the hold.
    await tokenledger.flush()
    expect(await held()).toHaveLength(0)
    const rows = await system.db('ai_usage_logs').where({ organization_id: tenant.organizationId })
    expect(rows).toHaveLength(N)
  })

  it('let through at most N with the ok cache on: what it lets through was reserved as a lease', async () => {
    await system.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '1.05' })
    const tokenledger = ledger()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${system.openaiMock.url}/v1`, apiKey: 'sk-test' }),
      tokenledger,
      {
        enforceBudgets: true,
        budgetCacheTtlMs: 60_000,
      },
    )
    // Each call really costs its estimate (10,000 output tokens of gpt-4o: $0.10), so a lease
    // released once its events are stored frees no room the calls did not leave.
    system.openaiMock.setUsage({ prompt_tokens: 0, completion_tokens: 10_000, total_tokens: 10_000 })
    try {
      const before = providerCalls()
      let passed = await burst(openai, N, '0.1')
      // Later calls, one after another, draw on the lease the first ok took, then on new ones.
      for (let i = 0; i < 2 * N; i++) passed += await burst(openai, 1, '0.1')
      expect(passed).toBeGreaterThan(0)
      expect(passed).toBeLessThanOrEqual(N)
      expect(providerCalls() - before).toBe(passed)

      await tokenledger.flush()
      const rows = await system.db('ai_usage_logs').where({ organization_id: tenant.organizationId })
      expect(rows).toHaveLength(passed)
      const [budget] = await system.db('ai_budgets').where({ organization_id: tenant.organizationId })
      expect(Number(budget.current_month_usage)).toBeLessThan(1.05)
    } finally {
      system.openaiMock.setUsage(OPENAI_USAGE)
    }
  })
})

describe('the builder', () => {
  it("holds generate()'s estimate while the call is unlogged, and its stored event releases it", async () => {
    await system.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '5.00' })
    const tokenledger = new Tokenledger({
      url: system.api.url,
      apiKey: tenant.apiKey,
      openai: { baseURL: `${system.openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
      defaults: { userId: tenant.userId },
      batch: { flushIntervalMs: 600_000 },
    })
    await tokenledger.text().using('openai', 'gpt-4o').withPrompt('Hi').withMaxTokens(1_000).generate()
    // 1,000 output tokens of gpt-4o at $10 per million, plus the prompt's few input tokens.
    const [hold] = await held()
    expect(Number(hold?.amount)).toBeGreaterThan(0.01)
    expect(Number(hold?.amount)).toBeLessThan(0.0101)
    await tokenledger.flush()
    expect(await held()).toHaveLength(0)
  })
})
