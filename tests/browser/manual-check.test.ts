import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { BudgetConfirmationRequired, Tokenledger } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AdminHarness, hydrated, newPage, pageErrors, signIn, startAdminHarness } from './admin-browser'

// The seed's manual check, walked as a person would: an organization's budget set to $0.01, an AI
// call through the SDK, the confirmation page in the browser, Confirm, the call goes through and
// is logged as an override, and the admin shows it.
let harness: AdminHarness
let api: ApiServer
let tenant: Tenant
let openai: http.Server
let openaiUrl: string
let providerCalls = 0

beforeAll(async () => {
  harness = await startAdminHarness()
  api = await startApiServer({ db: harness.db, port: 0, adminUrl: harness.admin.url })
  tenant = await createTenant(harness.db, 'Manual Check')
  // A local OpenAI-compatible chat completions endpoint: no internet here.
  openai = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      providerCalls++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: 'chatcmpl-manual',
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'gpt-4o',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'Summary ready.' }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 4000, completion_tokens: 200, total_tokens: 4200 },
        }),
      )
    })
  })
  await new Promise<void>((resolve) => openai.listen(0, '127.0.0.1', resolve))
  openaiUrl = `http://127.0.0.1:${(openai.address() as AddressInfo).port}/v1`
})
afterAll(async () => {
  await api?.close()
  await new Promise((resolve) => openai?.close(resolve))
  await harness?.close()
})

describe("the seed's manual check", () => {
  it('low budget → AI call → confirmation page → confirm → override logged → admin updated', async () => {
    await harness.db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '0.01' })
    const tokenledger = new Tokenledger({
      url: api.url,
      apiKey: tenant.apiKey,
      openai: { baseURL: openaiUrl, apiKey: 'sk-test', maxRetries: 0 },
      defaults: { userId: tenant.userId, category: 'summarization' },
    })
    const call = () =>
      tokenledger
        .text()
        .using('openai', 'gpt-4o')
        .withPrompt('Summarise the estimate for jane@example.com')
        // The builder counts the call's estimate as spent before it: at the default output
        // maximum (1,024 tokens, $0.0102 at gpt-4o's price) no call would fit this budget at all.
        .withMaxTokens(200)

    // The first call (estimated at $0.002) spends $0.012 of the $0.01 budget; the next one needs
    // the user's confirmation.
    await call().withPurposeDetail('before the limit').generate()
    await tokenledger.flush()
    const stopped = await call()
      .generate()
      .catch((error: unknown) => error)
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    const request = (stopped as BudgetConfirmationRequired).request
    expect(request?.confirmationUrl).toBe(`${harness.admin.url}/override/${request?.id}`)
    expect(providerCalls).toBe(1)

    // The end user opens the link (no admin session), sees the numbers and confirms.
    const page = await newPage(harness)
    await page.goto(request?.confirmationUrl as string)
    await hydrated(page)
    const figures = page.getByTestId('override-budget-organization')
    expect(await figures.getByTestId('override-usage').textContent()).toBe('$0.012')
    expect(await figures.getByTestId('override-limit').textContent()).toBe('$0.01')
    // Spent plus the call being asked for: $0.012 + its $0.002028 estimate (200 output tokens and
    // the prompt at 4 characters a token, gpt-4o's prices) of $0.01.
    expect(await figures.getByTestId('override-percent').textContent()).toBe('140.28%')
    await page.getByTestId('override-confirm').click()
    await page.getByTestId('override-state-confirmed').waitFor()

    // The app retries with the confirmation: the call goes through and is logged as an override.
    const result = await call()
      .withBudgetOverride(request as { id: string })
      .withPurposeDetail('after the override')
      .generate()
    expect(result.text).toBe('Summary ready.')
    await tokenledger.shutdown()
    expect(providerCalls).toBe(2)
    const log = await harness
      .db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId, purpose_detail: 'after the override' })
      .first()
    expect(log).toMatchObject({
      budget_override: true,
      budget_override_by: tenant.userId,
      cost: '0.012000000000',
    })
    expect(log.prompt_content).toBe('Summarise the estimate for [REDACTED:email]')

    // The admin: the log is marked as an override, and the dashboard counts it.
    const admin = await newPage(harness)
    await signIn(admin, harness)
    const usedThisMonth = await harness
      .db('budget_overrides')
      .where({ status: 'used' })
      .where(
        'used_at',
        '>=',
        harness.db.raw("date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'"),
      )
      .count({ n: '*' })
      .first()
    await admin.goto(harness.url('/'))
    expect(await admin.locator('[data-testid=count-overrides]').textContent()).toBe(String(usedThisMonth?.n))
    expect(Number(usedThisMonth?.n)).toBeGreaterThanOrEqual(1)
    await admin.goto(harness.url(`/logs/${log.id}`))
    await hydrated(admin)
    const detail = (await admin.locator('main').textContent()) ?? ''
    expect(detail).toContain('Manual Check User')
    expect(detail).toMatch(/override/i)
    expect(pageErrors(page)).toEqual([])
    expect(pageErrors(admin)).toEqual([])
  })
})
