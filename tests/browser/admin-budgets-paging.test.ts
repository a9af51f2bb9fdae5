import { createTenant, type Tenant } from '@tokenledger/db/testing'
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

let harness: AdminHarness
let page: Page
let tenant: Tenant

// The budgets list shows 50 budgets a page, filtered by organization and kind, so a few thousand
// budgets do not load (and forecast) on every view.
describe('admin budgets list: pages and filters', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Paging')
    // 60 user budgets and the organization's own: two pages of this organization alone.
    const users = await harness
      .db('users')
      .insert(
        Array.from({ length: 60 }, (_, i) => ({
          email: `${tenant.slug}-${String(i).padStart(2, '0')}@example.test`,
          name: `Pager ${String(i).padStart(2, '0')}`,
        })),
      )
      .returning('id')
    await harness
      .db('organization_user')
      .insert(users.map((u) => ({ organization_id: tenant.organizationId, user_id: u.id })))
    await harness.db('ai_budgets').insert([
      { organization_id: tenant.organizationId, monthly_limit: '500.00' },
      ...users.map((u) => ({
        organization_id: tenant.organizationId,
        user_id: u.id,
        monthly_limit: '5.00',
      })),
    ])
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await harness?.close()
  })

  const rowIds = () =>
    page
      .getByTestId('budget-row')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-budget-id'))))

  it('pages through every budget, 50 at a time, each once', async () => {
    const all = await harness.db('ai_budgets').pluck('id')
    await page.goto(harness.url('/budgets'))
    await hydrated(page)
    const seen: number[] = []
    for (let n = 1; ; n++) {
      const ids = await rowIds()
      expect(ids.length).toBeLessThanOrEqual(50)
      seen.push(...ids)
      // Every budget on the page has its forecast: they are computed for the page shown.
      const forecasts = await page.getByTestId('budget-forecast').allTextContents()
      expect(forecasts.filter((f) => f === '—')).toEqual([])
      const next = page.getByTestId('next-page')
      if (!(await next.count())) break
      expect(ids).toHaveLength(50)
      await next.click()
      await navigated(page, (url) => url.searchParams.get('page') === String(n + 1))
    }
    expect(seen.sort((a, b) => a - b)).toEqual(all.map(Number).sort((a, b) => a - b))
    expect(pageErrors(page)).toEqual([])
  })

  it('filters by organization and kind, and keeps the filter across pages', async () => {
    await page.goto(harness.url('/budgets'))
    await hydrated(page)
    await page.getByLabel('Organization').selectOption(String(tenant.organizationId))
    await page.getByRole('button', { name: 'Filter' }).click()
    await navigated(page, (url) => url.searchParams.get('org') === String(tenant.organizationId))
    expect(await rowIds()).toHaveLength(50)
    expect(await page.getByTestId('budget-page-status').textContent()).toBe('Page 1 of 2 · 50 of 61 budgets')
    // The organization's own budget comes first.
    expect(await page.getByTestId('budget-name').first().textContent()).toBe('Browser Paging')
    await page.getByTestId('next-page').click()
    await navigated(page, (url) => url.searchParams.get('page') === '2')
    expect(new URL(page.url()).searchParams.get('org')).toBe(String(tenant.organizationId))
    expect(await rowIds()).toHaveLength(11)

    await page.goto(harness.url(`/budgets?org=${tenant.organizationId}&scope=organization`))
    await hydrated(page)
    const own = await harness
      .db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .whereNull('user_id')
      .first('id')
    expect(await rowIds()).toEqual([Number(own.id)])
    expect(await page.getByTestId('next-page').count()).toBe(0)

    // Deactivating from page 2 comes back to page 2 of the same filter.
    await page.goto(harness.url(`/budgets?org=${tenant.organizationId}&page=2`))
    await hydrated(page)
    const last = page.getByTestId('budget-row').last()
    const id = await last.getAttribute('data-budget-id')
    await last.getByRole('button', { name: /^Deactivate/ }).click()
    await navigated(page, (url) => url.searchParams.get('deactivated') === id)
    const url = new URL(page.url())
    expect([url.searchParams.get('org'), url.searchParams.get('page')]).toEqual([
      String(tenant.organizationId),
      '2',
    ])
    expect(await rowIds()).toContain(Number(id))
    expect(pageErrors(page)).toEqual([])
  })
})
