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
const model = `browser-unpriced-${Date.now()}`

describe('admin unpriced models', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Unpriced')
    const base = {
      organization_id: tenant.organizationId,
      provider: 'acme',
      model,
      prompt_tokens: 1200,
      completion_tokens: 34,
    }
    await harness.db('ai_usage_logs').insert([
      { ...base, created_at: '2026-01-02T10:00:00Z' },
      { ...base, created_at: '2026-01-03T10:00:00Z' },
    ])
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('lists models seen without a price, and offers to add one prefilled', async () => {
    await page.goto(harness.url('/prices'))
    await hydrated(page)
    await page.getByRole('link', { name: 'Unpriced models' }).click()
    await navigated(page, (url) => url.pathname === '/prices/unpriced')
    const row = page.getByTestId('unpriced-row').filter({ hasText: model })
    await expect(row.count()).resolves.toBe(1)
    const text = await row.textContent()
    expect(text).toContain('acme')
    expect(text).toContain('2,400')
    await row.getByRole('link', { name: 'Add a custom price' }).click()
    await navigated(page, (url) => url.pathname === '/prices/new')
    await expect(page.getByLabel('Provider').inputValue()).resolves.toBe('acme')
    await expect(page.getByLabel('Model').inputValue()).resolves.toBe(model)
    expect(pageErrors(page)).toEqual([])
  })
})
