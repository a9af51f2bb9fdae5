import Anthropic from '@anthropic-ai/sdk'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient } from '@tokenledger/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logRows, type System, startSystem } from './support/system'

// Budgets in the path: the api's budgets.check before the provider, the override flow after.
let system: System

beforeAll(async () => {
  system = await startSystem()
})
afterAll(() => system.stop())

const openai = (t: Tenant, headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: t.apiKey,
    baseURL: `${system.gateway.url}/openai/v1`,
    maxRetries: 0,
    defaultHeaders: {
      'x-provider-authorization': 'sk-up',
      'x-tokenledger-user-id': String(t.userId),
      ...headers,
    },
  })
const ask = (c: OpenAI) =>
  c.chat.completions
    .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
    .catch((e: unknown) => e)
const setOrgBudget = (t: Tenant, fields: Record<string, unknown>) =>
  system.db('ai_budgets').insert({
    organization_id: t.organizationId,
    monthly_limit: '0.01',
    current_month_usage: '0.02',
    ...fields,
  })
const providerCalls = () => system.openai.requests.length

describe("a project budget named by the project header's external id", () => {
  it('stops calls for that project only, and asks the user to confirm', async () => {
    const tenant = await createTenant(system.db, 'Gateway project budget')
    await system.db('projects').where({ id: tenant.projectId }).update({ external_id: 'prj_gate' })
    // A zero limit is used up whatever the day's counter holds.
    await setOrgBudget(tenant, { project_id: tenant.projectId, period: 'daily', monthly_limit: '0.00' })
    const before = providerCalls()

    const stopped = await ask(openai(tenant, { 'x-tokenledger-project': 'prj_gate' }))
    expect(stopped).toMatchObject({ status: 402, type: 'budget_confirmation_required' })
    expect((stopped as Error).message).toContain("This project's daily AI budget is used up")
    expect((stopped as Error).message).toMatch(/http:\/\/admin\.test\/override\//)
    expect(providerCalls()).toBe(before)

    // Another project (never synced) has no budget: the call goes through.
    const other = await ask(openai(tenant, { 'x-tokenledger-project': 'prj_other' }))
    expect(other).toMatchObject({ choices: [{ message: { content: 'Hello there!' } }] })
  })
})

describe('an exceeded budget', () => {
  it('answers 402 with the confirmation link; once confirmed, the override lets the call through and is logged', async () => {
    const tenant = await createTenant(system.db, 'Gateway budget')
    await setOrgBudget(tenant, {})
    const before = providerCalls()

    const stopped = await ask(openai(tenant))
    expect(stopped).toBeInstanceOf(OpenAI.APIError)
    expect(stopped).toMatchObject({ status: 402, type: 'budget_confirmation_required' })
    const message = (stopped as Error).message
    expect(message).toContain("The organization's monthly AI budget is used up")
    const [, overrideId] = /http:\/\/admin\.test\/override\/([0-9a-f-]{36})/.exec(message) ?? []
    expect(overrideId).toBeDefined()
    expect(providerCalls()).toBe(before)

    // Unconfirmed, the override does not open the gate.
    expect(await ask(openai(tenant, { 'x-tokenledger-override': overrideId as string }))).toMatchObject({
      status: 402,
    })

    const api = createClient({ url: system.api.url, apiKey: tenant.apiKey })
    await api.budgets.confirmOverride.mutate({ overrideId: overrideId as string })
    const answer = await ask(openai(tenant, { 'x-tokenledger-override': overrideId as string }))
    expect(answer).toMatchObject({ choices: [{ message: { content: 'Hello there!' } }] })
    expect(providerCalls()).toBe(before + 1)

    const [row] = await logRows(system.db, tenant.organizationId, 1)
    expect(row).toMatchObject({ budget_override: true, budget_override_by: tenant.userId, success: true })
  })

  it('answers 403 when the budget forbids overrides, in Anthropic’s shape on the Anthropic route', async () => {
    const tenant = await createTenant(system.db, 'Gateway blocked')
    await setOrgBudget(tenant, { allow_override: false })
    const anthropic = new Anthropic({
      authToken: tenant.apiKey,
      apiKey: null,
      baseURL: `${system.gateway.url}/anthropic`,
      maxRetries: 0,
      defaultHeaders: { 'x-provider-authorization': 'sk-ant' },
    })
    const error = await anthropic.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError)
    expect((error as Error).message).toContain('does not allow overrides')
    expect(system.anthropic.requests).toHaveLength(0)
  })

  it('notices a budget that trips once the cached ok expires', async () => {
    const tenant = await createTenant(system.db, 'Gateway cache')
    const c = openai(tenant)
    const [budget] = await setOrgBudget(tenant, {
      monthly_limit: '10.00',
      current_month_usage: '0',
    }).returning('id')
    expect(await ask(c)).toMatchObject({ choices: [{}] })
    // The ok's lease (a quarter of the room, far above one call's estimate) is taken in the
    // background: wait for it, or the budget used up below could reach that check first.
    const lease = () =>
      system
        .db('budget_reservations')
        .where({ organization_id: tenant.organizationId })
        .where('amount', '>=', '1')
        .first()
    for (let tries = 0; !(await lease()) && tries < 100; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await lease()).toBeTruthy()
    await system.db('ai_budgets').where({ id: budget.id }).update({ current_month_usage: '20.00' })
    // Within the 2 s an ok is reused (drawn on its lease), the call still goes through…
    expect(await ask(c)).toMatchObject({ choices: [{}] })
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    // …then the gate asks the api again.
    expect(await ask(c)).toMatchObject({ status: 402 })
  })
})

describe('the cached ok', () => {
  it('is re-checked in the background in the second half of its life, so a trip is seen before it expires', async () => {
    const quick = await startSystem({ budgetCacheMs: 2_000 })
    try {
      const tenant = await createTenant(quick.db, 'Gateway refresh')
      const c = new OpenAI({
        apiKey: tenant.apiKey,
        baseURL: `${quick.gateway.url}/openai/v1`,
        maxRetries: 0,
        defaultHeaders: { 'x-provider-authorization': 'sk-up' },
      })
      expect(await ask(c)).toMatchObject({ choices: [{}] })
      const cachedAt = Date.now()
      await quick.db('ai_budgets').insert({
        organization_id: tenant.organizationId,
        monthly_limit: '0.01',
        current_month_usage: '0.02',
      })
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      // Past half of the 2 s: this one passes from the cache and starts the re-check…
      expect(await ask(c)).toMatchObject({ choices: [{}] })
      await new Promise((resolve) => setTimeout(resolve, 300))
      // …whose answer already stops the next call, before the 2 s are up.
      expect(await ask(c)).toMatchObject({ status: 402 })
      expect(Date.now() - cachedAt).toBeLessThan(2_000)
    } finally {
      await quick.stop()
    }
  })
})

describe('reservations (issue 16)', () => {
  // 10,000 output tokens of gpt-4o and a 1-token prompt: $0.1000025, the gateway's own estimate
  // of the call below and what the mock then reports it cost, so room for 10 under $1.05.
  const costly = { model: 'gpt-4o', max_tokens: 10_000, messages: [{ role: 'user' as const, content: 'Hi' }] }
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  }

  for (const [label, budgetCacheMs] of [
    ['reserving every call', 0],
    ['with the 2 s ok as a lease', 2_000],
  ] as const) {
    it(`lets at most N concurrent calls through a budget with room for N, ${label}; their events release the holds`, async () => {
      const own = await startSystem({ budgetCacheMs })
      own.openai.setUsage({ prompt_tokens: 1, completion_tokens: 10_000, total_tokens: 10_001 })
      try {
        const tenant = await createTenant(own.db, `Gateway reservations ${budgetCacheMs}`)
        await own.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '1.05' })
        const c = new OpenAI({
          apiKey: tenant.apiKey,
          baseURL: `${own.gateway.url}/openai/v1`,
          maxRetries: 0,
          defaultHeaders: {
            'x-provider-authorization': 'sk-up',
            'x-tokenledger-user-id': String(tenant.userId),
          },
        })
        const results = await Promise.all(
          Array.from({ length: 30 }, () => c.chat.completions.create(costly).catch((e: unknown) => e)),
        )
        const passed = results.filter((r) => !(r instanceof Error))
        const refused = results.filter((r) => r instanceof Error)
        // Reserving every call fills the room exactly; a lease holds a share it may not use up.
        if (budgetCacheMs === 0) expect(passed).toHaveLength(10)
        expect(passed.length).toBeGreaterThan(0)
        expect(passed.length).toBeLessThanOrEqual(10)
        expect(refused.every((e) => (e as { status?: number }).status === 402)).toBe(true)
        expect(own.openai.requests.length).toBe(passed.length)

        const rows = await logRows(own.db, tenant.organizationId, passed.length)
        expect(rows).toHaveLength(passed.length)
        // Each stored event released its call's hold; a lease is released once its calls were sent.
        const ownHolds = () => own.db('budget_reservations').where({ organization_id: tenant.organizationId })
        await until(async () => (await ownHolds()).length === 0)
        expect(await ownHolds()).toEqual([])
      } finally {
        await own.stop()
      }
    })
  }

  it('releases its leases when it shuts down, after sending their calls’ events', async () => {
    // A lease that would otherwise be held for minutes: only the shutdown can give it back in time.
    const own = await startSystem({ budgetCacheMs: 600_000 })
    let stopped = false
    try {
      const tenant = await createTenant(own.db, 'Gateway lease shutdown')
      await own.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '100.00' })
      const c = new OpenAI({
        apiKey: tenant.apiKey,
        baseURL: `${own.gateway.url}/openai/v1`,
        maxRetries: 0,
        defaultHeaders: { 'x-provider-authorization': 'sk-up' },
      })
      await c.chat.completions.create(costly)
      const holds = () => own.db('budget_reservations').where({ organization_id: tenant.organizationId })
      // The lease: a quarter of the room, far above one call's estimate.
      await until(async () => (await holds()).some((h) => Number(h.amount) >= 20))
      // Drawn on the lease: this call holds nothing of its own.
      await c.chat.completions.create(costly)
      expect((await holds()).some((h) => Number(h.amount) >= 20)).toBe(true)
      await own.gateway.close()
      stopped = true
      expect(await holds()).toEqual([])
      // Both calls were stored first: the lease's costs were counted before its hold was given back.
      expect(await own.db('ai_usage_logs').where({ organization_id: tenant.organizationId })).toHaveLength(2)
    } finally {
      if (!stopped) await own.stop()
      else {
        await Promise.all([own.openai.close(), own.anthropic.close(), own.api.close()])
        await own.db.destroy()
      }
    }
  })

  it('gives back the hold of a call refused before the provider (no provider key)', async () => {
    // Every call reserving for itself: no lease to tell apart from the call's own hold.
    const own = await startSystem({ budgetCacheMs: 0 })
    try {
      const tenant = await createTenant(own.db, 'Gateway reservation refused')
      await own.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '100.00' })
      const noKey = new OpenAI({
        apiKey: tenant.apiKey,
        baseURL: `${own.gateway.url}/openai/v1`,
        maxRetries: 0,
        defaultHeaders: { 'x-tokenledger-user-id': String(tenant.userId) },
      })
      const refused = await noKey.chat.completions.create(costly).catch((e: unknown) => e)
      expect(refused).toMatchObject({ status: 401, type: 'invalid_api_key' })
      expect(own.openai.requests).toHaveLength(0)
      const holds = () => own.db('budget_reservations').where({ organization_id: tenant.organizationId })
      await until(async () => (await holds()).length === 0)
      expect(await holds()).toEqual([])
    } finally {
      await own.stop()
    }
  })
})
