import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { formatUsd } from '@tokenledger/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AdminHarness,
  expectTableInView,
  hydrated,
  navigated,
  newPage,
  pageErrors,
  screenshot,
  signIn,
  startAdminHarness,
} from './admin-browser'

let harness: AdminHarness
let page: Page
let tenant: Tenant

describe('admin budgets and prices', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Budgets')
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await harness?.close()
  })

  const budgetOf = (userId: number | null) =>
    harness
      .db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .where((q) => (userId == null ? q.whereNull('user_id') : q.where('user_id', userId)))
      .whereNull('project_id')
      .whereNull('api_key_id')
      .first()

  it('lists every budget with its usage, limit and state', async () => {
    await page.goto(harness.url('/budgets'))
    await hydrated(page)
    const budgets = await harness.db('ai_budgets').count({ n: '*' }).first()
    await expect(page.getByTestId('budget-row').count()).resolves.toBe(Number(budgets?.n))
    const acme = await harness.db('organizations').where({ slug: 'acme' }).first('id')
    const row = await harness
      .db('ai_budgets')
      .where({ organization_id: acme.id })
      .whereNull('user_id')
      .first()
    const shown = page.locator(`[data-budget-id="${row.id}"]`)
    expect(await shown.getByTestId('budget-limit').textContent()).toBe(formatUsd(row.monthly_limit))
    expect(await shown.getByTestId('budget-usage').textContent()).toContain(
      `${formatUsd(row.current_month_usage)} spent`,
    )
    await expectTableInView(page, 'budgets-table')
  })

  it('creates a budget, refusing invalid input with clear field errors', async () => {
    await page.getByRole('link', { name: 'New budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets/new')
    await page.getByLabel('Organization').selectOption({ label: 'Browser Budgets' })
    await page.getByLabel('Monthly limit').fill('-5')
    await page.getByLabel('Warning threshold').fill('75')
    await page.getByRole('button', { name: 'Create budget' }).click()
    await expect(page.getByTestId('error-monthlyLimit').textContent()).resolves.toMatch(/amount in dollars/)
    expect(await page.getByLabel('Monthly limit').getAttribute('aria-invalid')).toBe('true')
    expect(await budgetOf(null)).toBeUndefined()

    await page.getByLabel('Monthly limit').fill('120.50')
    await page.getByRole('button', { name: 'Create budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets' && url.searchParams.has('created'))
    await expect(page.getByRole('status').textContent()).resolves.toContain('Budget created')
    expect(await budgetOf(null)).toMatchObject({
      monthly_limit: '120.50',
      warning_threshold: '75.00',
      allow_override: true,
      is_active: true,
    })
    // $185 spent this month, as the budget counters record it: past this limit.
    const created = await budgetOf(null)
    await harness.db('ai_budgets').where({ id: created.id }).update({ current_month_usage: '185.000000' })
    await page.reload()
    await hydrated(page)
    await expect(
      page.locator(`[data-budget-id="${created.id}"]`).getByTestId('budget-state').textContent(),
    ).resolves.toContain('exceeded')

    // One budget per organization (and per member).
    await page.goto(harness.url('/budgets/new'))
    await hydrated(page)
    await page.getByLabel('Organization').selectOption({ label: 'Browser Budgets' })
    await page.getByLabel('Monthly limit').fill('10')
    await page.getByRole('button', { name: 'Create budget' }).click()
    await expect(page.getByTestId('error-organizationId').textContent()).resolves.toBe(
      'This organization already has a monthly budget.',
    )
    // A member's budget inside it is fine.
    await page.getByLabel('Budget for').selectOption('user')
    await page.getByLabel('Member').selectOption({ value: String(tenant.userId) })
    await page.getByRole('button', { name: 'Create budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets' && url.searchParams.has('created'))
    expect(await budgetOf(tenant.userId)).toMatchObject({ monthly_limit: '10.00' })
  })

  it('creates a weekly project budget, and a budget for an app user typed by external id', async () => {
    await page.goto(harness.url('/budgets/new'))
    await hydrated(page)
    await page.getByLabel('Organization').selectOption({ label: 'Browser Budgets' })
    await page.getByLabel('Budget for').selectOption('project')
    await page.getByLabel('Period').selectOption('weekly')
    await page.getByLabel('Time zone').fill('Europe/Berlin')
    // The limit's label follows the period.
    await page.getByLabel('Weekly limit').fill('25')
    await page.getByRole('button', { name: 'Create budget' }).click()
    await expect(page.getByTestId('error-projectId').textContent()).resolves.toBe('Choose a project.')
    await page.getByLabel('Project').selectOption({ label: 'Browser Budgets Project' })
    await page.getByRole('button', { name: 'Create budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets' && url.searchParams.has('created'))
    const project = await harness
      .db('ai_budgets')
      .where({ organization_id: tenant.organizationId, project_id: tenant.projectId })
      .first()
    expect(project).toMatchObject({
      period: 'weekly',
      period_time_zone: 'Europe/Berlin',
      monthly_limit: '25.00',
      user_id: null,
      api_key_id: null,
    })
    const row = page.locator(`[data-budget-id="${project.id}"]`)
    await expect(row.getByTestId('budget-scope').textContent()).resolves.toBe(
      'Project budget · Browser Budgets',
    )
    await expect(row.getByTestId('budget-period').textContent()).resolves.toBe('weeklyEurope/Berlin')

    // An app's user the organization does not know yet: created, made a member, budgeted daily.
    await page.goto(harness.url('/budgets/new'))
    await hydrated(page)
    await page.getByLabel('Organization').selectOption({ label: 'Browser Budgets' })
    await page.getByLabel('Budget for').selectOption('user')
    await page.getByLabel("Or the app's user id").fill('usr_browser_1')
    await page.getByLabel('Period').selectOption('daily')
    await page.getByLabel('Daily limit').fill('3')
    await page.getByRole('button', { name: 'Create budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets' && url.searchParams.has('created'))
    const appUser = await harness
      .db('users')
      .where({ organization_id: tenant.organizationId, external_id: 'usr_browser_1' })
      .first('id')
    expect(appUser).toBeDefined()
    expect(await budgetOf(appUser.id)).toMatchObject({ period: 'daily', monthly_limit: '3.00' })
    expect(pageErrors(page)).toEqual([])
  })

  it('edits a budget, with validation, and deactivates it', async () => {
    const budget = await budgetOf(null)
    await page.locator(`[data-budget-id="${budget.id}"]`).getByRole('link', { name: /^Edit/ }).click()
    await navigated(page, (url) => url.pathname === `/budgets/${budget.id}`)
    expect(await page.getByLabel('Monthly limit').inputValue()).toBe('120.50')
    await page.getByLabel('Warning threshold').fill('150')
    await page.getByRole('button', { name: 'Save budget' }).click()
    await expect(page.getByTestId('error-warningThreshold').textContent()).resolves.toMatch(
      /cannot be above 100%/,
    )
    expect(await budgetOf(null)).toMatchObject({ warning_threshold: '75.00' })

    await page.getByLabel('Warning threshold').fill('90')
    await page.getByLabel('Monthly limit').fill('200')
    await page.getByLabel('Allow overrides').uncheck()
    await page.getByRole('button', { name: 'Save budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets' && url.searchParams.has('saved'))
    expect(await budgetOf(null)).toMatchObject({
      monthly_limit: '200.00',
      warning_threshold: '90.00',
      allow_override: false,
      is_active: true,
    })
    // 185 of 200 with a 90% threshold: a warning now.
    await expect(
      page.locator(`[data-budget-id="${budget.id}"]`).getByTestId('budget-state').textContent(),
    ).resolves.toContain('warning')

    await page
      .locator(`[data-budget-id="${budget.id}"]`)
      .getByRole('button', { name: /^Deactivate/ })
      .click()
    await navigated(page, (url) => url.searchParams.has('deactivated'))
    expect(await budgetOf(null)).toMatchObject({ is_active: false })
    expect(
      await page.locator(`[data-budget-id="${budget.id}"]`).getByTestId('budget-state').textContent(),
    ).toContain('inactive')
    await page
      .locator(`[data-budget-id="${budget.id}"]`)
      .getByRole('button', { name: /^Activate/ })
      .click()
    await navigated(page, (url) => url.searchParams.has('activated'))
    expect(await budgetOf(null)).toMatchObject({ is_active: true })
    // Back to the limit that is used up, for the screenshot: every state on one page.
    await harness.db('ai_budgets').where({ id: budget.id }).update({ monthly_limit: '150.00' })
    await page.goto(harness.url('/budgets'))
    await hydrated(page)
    await expectTableInView(page, 'budgets-table')
    await screenshot(page, 'budgets')
  })

  it('moves a monthly organization budget to a weekly project budget, and keeps its alert history', async () => {
    const budget = await budgetOf(null)
    // Its alerts so far: one delivered to a channel, one the worker has not sent yet.
    const [channel] = await harness
      .db('alert_channels')
      .insert({ kind: 'webhook', name: 'Budget hook', url: 'https://hooks.example.test/b', secret: 'tlwh_x' })
      .returning('id')
    const [exceeded, warning] = await harness
      .db('ai_budget_alerts')
      .insert(
        (['exceeded', 'warning'] as const).map((kind) => ({
          organization_id: tenant.organizationId,
          budget_id: budget.id,
          kind,
          period_start: budget.current_period_start,
          details: { usage: '185.000000', limit: '150.00', threshold: '90.00' },
          dispatched_at: kind === 'exceeded' ? new Date() : null,
        })),
      )
      .returning('id')
    await harness.db('alert_deliveries').insert({
      alert_id: exceeded.id,
      channel_id: channel.id,
      attempt: 1,
      status: 'delivered',
      response_code: 200,
      duration_ms: 12,
    })
    // This week's calls: 0.75 in the project, 2 outside it.
    const recent = new Date(Date.now() - 1000)
    await harness.db('ai_usage_logs').insert(
      [
        { project_id: tenant.projectId, cost: '0.5' },
        { project_id: tenant.projectId, cost: '0.25' },
        { project_id: null, cost: '2' },
      ].map((row) => ({
        ...row,
        organization_id: tenant.organizationId,
        provider: 'openai',
        model: 'gpt-4o',
        created_at: recent,
      })),
    )

    await page.goto(harness.url(`/budgets/${budget.id}`))
    await hydrated(page)
    const history = page.getByTestId('alert-row')
    await expect(history.count()).resolves.toBe(2)
    await expect(history.nth(0).textContent()).resolves.toMatch(
      /reached its 90% warning.*Waiting for the worker/,
    )
    await expect(history.nth(1).getByTestId('delivery').textContent()).resolves.toMatch(
      /delivered to Budget hook, attempt 1, response 200/,
    )
    expect(await page.getByTestId('budget-organization').textContent()).toBe('Browser Budgets')

    await page.getByLabel('Budget for').selectOption('project')
    await page.getByLabel('Project').selectOption({ label: 'Browser Budgets Project' })
    await page.getByLabel('Period').selectOption('weekly')
    await page.getByLabel('Time zone').fill('UTC')
    await page.getByLabel('Weekly limit').fill('1')
    await page.getByRole('button', { name: 'Save budget' }).click()
    // The project has a weekly budget already (created above): refused as creating one would be.
    await expect(page.getByTestId('error-projectId').textContent()).resolves.toBe(
      'This project already has a weekly budget.',
    )
    expect(await harness.db('ai_budgets').where({ id: budget.id }).first()).toMatchObject({
      project_id: null,
      period: 'monthly',
    })
    await harness.db('ai_budgets').where({ project_id: tenant.projectId, period: 'weekly' }).delete()
    await page.getByRole('button', { name: 'Save budget' }).click()
    await navigated(page, (url) => url.pathname === '/budgets' && url.searchParams.has('saved'))
    expect(await harness.db('ai_budgets').where({ id: budget.id }).first()).toMatchObject({
      project_id: tenant.projectId,
      period: 'weekly',
      period_time_zone: 'UTC',
      monthly_limit: '1.00',
      current_month_usage: '0.750000000000',
    })
    const row = page.locator(`[data-budget-id="${budget.id}"]`)
    await expect(row.getByTestId('budget-usage').textContent()).resolves.toContain('$0.75 spent')
    await expect(row.getByTestId('budget-scope').textContent()).resolves.toBe(
      'Project budget · Browser Budgets',
    )
    await expect(row.getByTestId('budget-forecast').textContent()).resolves.toMatch(/\$[\d,.]+/)

    await page.goto(harness.url(`/budgets/${budget.id}`))
    await hydrated(page)
    await expect(page.getByTestId('budget-counter').textContent()).resolves.toMatch(/^\$0\.75 of \$1\.00/)
    await expect(page.getByTestId('budget-forecast').textContent()).resolves.toMatch(
      /Projected week end: \$[\d,.]+/,
    )
    // The old month's alerts stay with the budget.
    await expect(page.getByTestId('alert-row').count()).resolves.toBe(2)
    expect(warning.id).toBeGreaterThan(exceeded.id)
    expect(pageErrors(page)).toEqual([])
  })

  it('creates and edits a custom price', async () => {
    await page.goto(harness.url('/prices/new'))
    await hydrated(page)
    await page.getByLabel('Provider').fill('openai')
    await page.getByLabel('Model').fill('browser-test-model')
    await page.getByRole('button', { name: 'Create price' }).click()
    await expect(page.getByTestId('error-inputMtok').textContent()).resolves.toMatch(/input price/)
    await page.getByLabel('Input', { exact: true }).fill('2.5')
    await page.getByLabel('Output', { exact: true }).fill('10')
    await page.getByLabel('Cache read (optional)').fill('1.25')
    await page.getByLabel('Effective from (UTC)').fill('2026-01-01')
    await page.getByRole('button', { name: 'Create price' }).click()
    await navigated(page, (url) => url.pathname === '/prices' && url.searchParams.has('saved'))
    const price = await harness.db('model_prices').where({ model: 'browser-test-model' }).first()
    expect(price).toMatchObject({
      provider: 'openai',
      input_mtok: '2.500000',
      output_mtok: '10.000000',
      cache_read_mtok: '1.250000',
      cache_write_mtok: null,
    })
    expect(price.effective_from.toISOString()).toBe('2026-01-01T00:00:00.000Z')

    await page.goto(harness.url(`/prices/${price.id}`))
    await hydrated(page)
    await page.getByLabel('Output', { exact: true }).fill('-1')
    await page.getByRole('button', { name: 'Save price' }).click()
    await expect(page.getByTestId('error-outputMtok').textContent()).resolves.toMatch(/0 or more/)
    await page.getByLabel('Output', { exact: true }).fill('8')
    await page.getByRole('button', { name: 'Save price' }).click()
    await navigated(page, (url) => url.pathname === '/prices')
    expect(await harness.db('model_prices').where({ id: price.id }).first()).toMatchObject({
      output_mtok: '8.000000',
    })
    const listed = page.getByTestId('price-row').filter({ hasText: 'browser-test-model' })
    await expect(listed.textContent()).resolves.toMatch(/\$2\.50.*\$8\.00.*\$1\.25/)
    expect(pageErrors(page)).toEqual([])
  })
})
