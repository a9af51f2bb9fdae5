import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { addUtcDays, utcDay } from '@tokenledger/domain'
import { startWorker, type TokenledgerWorker } from '@tokenledger/worker'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AdminHarness,
  hydrated,
  navigated,
  newPage,
  pageErrors,
  signIn,
  startAdminHarness,
} from './admin-browser'

// The admin's reprice end to end: a price added for an unpriced model, the reprice queued from the
// prices page, carried out by a real worker, its progress page refreshing until it finished.
let harness: AdminHarness
let worker: TokenledgerWorker
let page: Page
let tenant: Tenant
let logId: number
const model = `browser-reprice-${Date.now()}`
const today = utcDay(new Date())
const since = addUtcDays(today, -2)

describe('admin reprice', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Reprice')
    const base = {
      organization_id: tenant.organizationId,
      provider: 'acme',
      model,
      prompt_tokens: 1_000_000,
      completion_tokens: 500_000,
    }
    const [first] = await harness
      .db('ai_usage_logs')
      .insert([
        { ...base, created_at: `${addUtcDays(today, -1)}T10:00:00Z` },
        { ...base, created_at: `${today}T00:00:01Z` },
        // Before the price's start: counted out of the offer, and stays unpriced.
        { ...base, created_at: `${addUtcDays(since, -1)}T10:00:00Z` },
      ])
      .returning('id')
    logId = first.id
    worker = await startWorker({
      connectionString: process.env.DATABASE_URL as string,
      db: harness.db,
      log: () => {},
      cron: false,
      catchUpDays: 0,
      prices: { url: null },
      pollInterval: 300,
      repricePollInterval: 300,
    })
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await worker?.stop()
    await harness?.close()
  })

  it('adds a price for an unpriced model, reprices its calls in the background, and the log costs change', async () => {
    await page.goto(harness.url(`/logs/${logId}`))
    await hydrated(page)
    await expect(page.getByTestId('detail-cost').textContent()).resolves.toContain('unpriced')

    await page.goto(harness.url('/prices/unpriced'))
    await hydrated(page)
    const row = page.getByTestId('unpriced-row').filter({ hasText: model })
    await expect(
      row.getByRole('button', { name: /Reprice the 3 unpriced calls since/ }).count(),
    ).resolves.toBe(1)
    await row.getByRole('link', { name: 'Add a custom price' }).click()
    await navigated(page, (url) => url.pathname === '/prices/new')
    await page.getByLabel('Input', { exact: true }).fill('2')
    await page.getByLabel('Output', { exact: true }).fill('8')
    await page.getByLabel('Effective from (UTC)').fill(since)
    await page.getByRole('button', { name: 'Create price' }).click()
    await navigated(page, (url) => url.pathname === '/prices' && url.searchParams.has('saved'))

    const offer = page.getByTestId('reprice-offer').getByRole('button')
    // The two calls from the price's first day on, not the older one.
    await expect(offer.textContent()).resolves.toMatch(/^Reprice the 2 calls since /)
    await offer.click()
    await navigated(page, (url) => /^\/prices\/reprices\/\d+$/.test(url.pathname))
    // The progress page refreshes itself until the worker has finished.
    await page.waitForSelector('[data-testid="reprice-progress"][data-status="finished"]', {
      timeout: 30_000,
    })
    await expect(page.getByTestId('reprice-count').textContent()).resolves.toBe('2 / 2 calls')
    const text = await page.getByTestId('reprice-progress').textContent()
    // 1M in at $2 + 0.5M out at $8 = $6 a call.
    expect(text).toContain('$12.000000000000')

    await page.goto(harness.url(`/logs/${logId}`))
    await hydrated(page)
    await expect(page.getByTestId('detail-cost').textContent()).resolves.toContain('$6.00')
    const untouched = await harness.db('ai_usage_logs').where({ model }).whereNull('cost').count({ n: '*' })
    expect(Number(untouched[0]?.n)).toBe(1)

    // Finished: the model's row on the unpriced list counts only the call before the price.
    await page.goto(harness.url('/prices/unpriced'))
    await hydrated(page)
    await expect(
      row.getByRole('button', { name: /Reprice the 1 unpriced call since/ }).count(),
    ).resolves.toBe(1)
    expect(pageErrors(page)).toEqual([])
  })

  it('shows the reprice already under way instead of starting a second one for the model', async () => {
    const [{ id }] = await harness
      .db('reprice_runs')
      .insert({
        model: `${model}-busy`,
        from_day: since,
        to_day: today,
        status: 'running',
        heartbeat_at: new Date(),
      })
      .returning('id')
    const response = await page.request.post(harness.url('/prices/reprices'), {
      form: { model: `${model}-busy`, from: since },
      headers: { Origin: harness.url('') },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(302)
    expect(response.headers().location).toBe(`/prices/reprices/${id}?already=1`)
    await harness.db('reprice_runs').where({ id }).update({ status: 'finished' })
  })
})
