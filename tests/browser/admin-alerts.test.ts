import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { addToBudgetCounters } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { startWorker, type TokenledgerWorker, verifyWebhookSignature } from '@tokenledger/worker'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AdminHarness,
  hydrated,
  navigated,
  newPage,
  pageErrors,
  screenshot,
  signIn,
  startAdminHarness,
} from './admin-browser'

// The alerts page: guarded, creating a webhook channel (secret shown once), and a delivery the
// worker made showing up in its log.
let harness: AdminHarness
let page: Page
let tenant: Tenant
let worker: TokenledgerWorker | undefined
let server: Server
const received: Array<{ body: string; signature: string }> = []

describe('admin alerts', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Alerts')
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-tokenledger-signature']) })
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    page = await newPage(harness)
  })
  afterAll(async () => {
    await worker?.stop()
    await harness?.db('alert_channels').where({ name: 'Browser receiver' }).delete()
    await new Promise<void>((resolve) => server?.close(() => resolve()))
    await harness?.close()
  })

  it('sends signed-out visitors to the sign-in page', async () => {
    await page.goto(harness.url('/alerts'))
    const url = new URL(page.url())
    expect(url.pathname).toBe('/login')
    expect(url.searchParams.get('next')).toBe('/alerts')
  })

  it('creates a webhook channel, shows its secret once, and lists the delivery the worker made', async () => {
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Alerts' }).first().click()
    await navigated(page, (url) => url.pathname === '/alerts')
    await hydrated(page)

    // Invalid input: a field error, nothing created.
    await page.getByLabel('URL or email addresses').fill('not a url')
    await page.getByRole('button', { name: 'Create channel' }).click()
    await expect(page.getByTestId('error-target').textContent()).resolves.toContain('http')
    await expect(page.getByTestId('error-name').isVisible()).resolves.toBe(true)

    const { port } = server.address() as AddressInfo
    await page.getByLabel('Name').fill('Browser receiver')
    await page.getByLabel('URL or email addresses').fill(`http://127.0.0.1:${port}/hook`)
    await page.getByRole('button', { name: 'Create channel' }).click()
    const secret = (await page.getByTestId('channel-secret').textContent()) ?? ''
    expect(secret).toMatch(/^tlwh_/)
    await page.getByTestId('channel-row').filter({ hasText: 'Browser receiver' }).waitFor()
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('') // emptied: no double creation
    // Shown once: a reload no longer has it.
    await page.reload()
    await expect(page.getByTestId('channel-secret').count()).resolves.toBe(0)

    // A budget reaches its warning; the worker delivers the alert.
    await harness.db('ai_budgets').insert({
      organization_id: tenant.organizationId,
      monthly_limit: '5.00',
      current_period_start: `${new Date().toISOString().slice(0, 7)}-01`,
    })
    await harness.db.transaction((trx) =>
      addToBudgetCounters(trx, tenant.organizationId, [{ userId: null, cost: '4.5', createdAt: new Date() }]),
    )
    worker = await startWorker({
      connectionString: process.env.DATABASE_URL as string,
      db: harness.db,
      cron: false,
      catchUpDays: 0,
      pollInterval: 200,
      log: () => {},
    })
    const deadline = Date.now() + 20_000
    const ours = () => received.find((r) => JSON.parse(r.body).organization.id === tenant.organizationId)
    while (!ours() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    const delivery = ours()
    expect(delivery).toBeDefined()
    expect(verifyWebhookSignature(secret, delivery?.body ?? '', delivery?.signature)).toBe(true)

    await page.reload()
    await hydrated(page)
    const alert = page
      .getByTestId('alert-row')
      .filter({ hasText: "Browser Alerts's budget reached its 80% warning" })
    await expect(alert.count()).resolves.toBe(1)
    await expect(alert.getByTestId('delivery').first().textContent()).resolves.toMatch(
      /delivered to Browser receiver, attempt 1, response 200/,
    )
    await screenshot(page, 'alerts')
    expect(pageErrors(page)).toEqual([])
  })

  it("shows each budget's projected month end, and this month's on the dashboard", async () => {
    const budget = await harness
      .db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .first('id')
    await page.goto(harness.url('/budgets'))
    await hydrated(page)
    const forecast = page.locator(`[data-budget-id="${budget.id}"]`).getByTestId('budget-forecast')
    // $4.50 spent this month: the projection is at least that.
    const projected = Number(
      ((await forecast.textContent()) ?? '').match(/\$([\d,.]+)/)?.[1]?.replaceAll(',', ''),
    )
    expect(projected).toBeGreaterThanOrEqual(4.5)
    await page.goto(harness.url(`/budgets/${budget.id}`))
    await expect(page.getByTestId('budget-forecast').textContent()).resolves.toMatch(
      /Projected month end: \$[\d,.]+/,
    )
    await page.goto(harness.url('/'))
    await expect(page.getByTestId('month-forecast').textContent()).resolves.toMatch(
      /Projected for .*: \$[\d,.]+/,
    )
    expect(pageErrors(page)).toEqual([])
  })
})
