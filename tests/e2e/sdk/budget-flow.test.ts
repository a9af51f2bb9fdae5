import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { BudgetBlocked, BudgetConfirmationRequired, Tokenledger } from '@tokenledger/sdk'
import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// The override flow as an app lives it: check → confirmation required → user confirms → retry.
let db: Db
let api: ApiServer
let tenant: Tenant
let openaiMock: MockOpenAI
let tokenledger: Tokenledger

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test' })
  openaiMock = await startMockOpenAI()
})
afterAll(async () => {
  await api.close()
  await openaiMock.close()
  await db.destroy()
})
beforeEach(async () => {
  tenant = await createTenant(db, 'Gate')
  tokenledger = new Tokenledger({
    url: api.url,
    apiKey: tenant.apiKey,
    openai: { baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
    defaults: { userId: tenant.userId },
  })
})

const setBudget = (fields: Record<string, unknown>) =>
  db('ai_budgets').insert({ organization_id: tenant.organizationId, ...fields })
const call = () => tokenledger.text().using('openai', 'gpt-4o').withPrompt('Summarise the estimate')
const providerCalls = () => openaiMock.requests.filter((r) => r.path === '/v1/chat/completions').length

describe('generate() and budgets', () => {
  it('goes ahead within budget and exposes a warning', async () => {
    await setBudget({ monthly_limit: '10.00', current_month_usage: '9.00' })
    const result = await call().generate()
    expect(result.text).toBe('Hello there!')
    // $9 spent plus the call's estimate, which the check holds for it: 1,024 output tokens of
    // gpt-4o (no max_tokens set) and a few input tokens, just over $0.01.
    expect(result.budget).toMatchObject({
      status: 'warning',
      budgets: [{ scope: 'organization', percent: 90.1 }],
    })
  })

  it('stops an exceeded budget before the provider, then proceeds with the confirmed override and logs it', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02' })
    const before = providerCalls()
    const stopped = await call()
      .generate()
      .then(
        () => null,
        (e: unknown) => e,
      )
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    const { check, request } = stopped as BudgetConfirmationRequired
    expect(check).toMatchObject({ status: 'exceeded', requiresConfirmation: true })
    expect(request?.confirmationUrl).toBe(`http://admin.test/override/${request?.id}`)
    expect(providerCalls()).toBe(before)

    // The user confirms in the app's modal (or on the admin's confirmation page).
    await tokenledger.client.budgets.confirmOverride.mutate({ overrideId: request?.id as string })
    const result = await call()
      .withBudgetOverride(request as { id: string })
      .withPurposeDetail('after override')
      .generate()
    expect(result.budget?.status).toBe('exceeded')
    await tokenledger.flush()
    const row = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId, purpose_detail: 'after override' })
      .first()
    expect(row).toMatchObject({
      budget_override: true,
      budget_override_by: tenant.userId,
      budget_override_id: request?.id,
    })
  })

  it('on cancel nothing is called', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02' })
    const before = providerCalls()
    const stopped = (await call()
      .generate()
      .catch((e: unknown) => e)) as BudgetConfirmationRequired
    await tokenledger.client.budgets.cancelOverride.mutate({ overrideId: stopped.request?.id as string })
    // A cancelled override cannot carry a call: the user is asked again.
    await expect(
      call()
        .withBudgetOverride(stopped.request as { id: string })
        .generate(),
    ).rejects.toBeInstanceOf(BudgetConfirmationRequired)
    expect(providerCalls()).toBe(before)
  })

  it('stops a blocked budget with BudgetBlocked, override or not', async () => {
    await setBudget({ monthly_limit: '0.01', current_month_usage: '0.02', allow_override: false })
    const before = providerCalls()
    await expect(call().generate()).rejects.toBeInstanceOf(BudgetBlocked)
    await expect(call().stream().result).rejects.toBeInstanceOf(BudgetBlocked)
    expect(providerCalls()).toBe(before)
  })
})
