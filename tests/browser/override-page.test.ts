import { randomUUID } from 'node:crypto'
import { requestOverride } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { formatUsd } from '@tokenledger/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AdminHarness,
  hydrated,
  navigated,
  newPage,
  pageErrors,
  screenshot,
  startAdminHarness,
} from './admin-browser'

// The end user's confirmation page: no admin sign-in, the uuid in the link is the capability.
let harness: AdminHarness
let tenant: Tenant

async function newOverride(now = new Date()) {
  const result = await requestOverride(harness.db, {
    organizationId: tenant.organizationId,
    userId: tenant.userId,
    estimatedCost: '0.020000',
    now,
  })
  if (!result.ok) throw new Error(`override refused: ${result.problem}`)
  return result.override
}

const row = (id: string) => harness.db('budget_overrides').where({ id }).first()

describe('budget override confirmation page', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Override Page')
    // A $0.01 monthly budget for the user, with $0.004 already spent this month, inside an
    // organization budget that still has room.
    await harness.db('ai_budgets').insert([
      {
        organization_id: tenant.organizationId,
        user_id: tenant.userId,
        monthly_limit: '0.01',
        current_month_usage: '0.004000',
      },
      {
        organization_id: tenant.organizationId,
        user_id: null,
        monthly_limit: '50.00',
        current_month_usage: '12.340000',
      },
    ])
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('shows the usage, the limit, the percent and the projected cost, and records a confirmation', async () => {
    const override = await newOverride()
    const budget = override.check.budgets.find((b) => b.scope === 'user')
    expect(budget).toMatchObject({
      usage: '0.004000',
      limit: '0.01',
      projectedUsage: '0.024000',
      percent: 240,
    })
    expect(override.check.budgets.find((b) => b.scope === 'organization')).toMatchObject({ percent: 24.72 })
    const page: Page = await newPage(harness) // signed out
    const response = await page.goto(harness.url(`/override/${override.id}`))
    expect(response?.status()).toBe(200)
    await hydrated(page)
    const figures = page.getByTestId('override-budget-user')
    // Below a dollar of limit the amounts are exact: $0.004 of $0.01.
    expect(await figures.getByTestId('override-usage').textContent()).toBe('$0.004')
    expect(await figures.getByTestId('override-limit').textContent()).toBe('$0.01')
    expect(await figures.getByTestId('override-percent').textContent()).toBe('240%')
    expect(await figures.getByTestId('override-projected').textContent()).toBe(
      'With this call: $0.024 (240% of the limit)',
    )
    const organization = page.getByTestId('override-budget-organization')
    expect(await organization.getByTestId('override-usage').textContent()).toBe(formatUsd('12.34'))
    expect(await organization.getByTestId('override-limit').textContent()).toBe(formatUsd('50.00'))
    expect(await organization.getByTestId('override-percent').textContent()).toBe('24.72%')
    expect(await page.getByTestId('override-estimate').textContent()).toContain('$0.02')
    expect(await page.getByTestId('override-content').textContent()).toContain('Override Page User')
    await screenshot(page, 'override-confirmation')

    await page.getByTestId('override-confirm').click()
    await page.getByTestId('override-state-confirmed').waitFor()
    const stored = await row(override.id)
    expect(stored).toMatchObject({ status: 'confirmed', decided_by: tenant.userId })
    expect(stored.decided_at).toBeInstanceOf(Date)
    // Deciding twice is refused; the page keeps saying what happened.
    const again = await page.request.post(harness.url(`/override/${override.id}`), {
      form: { intent: 'cancel' },
    })
    expect(again.status()).toBe(409)
    expect(await row(override.id)).toMatchObject({ status: 'confirmed' })
    expect(pageErrors(page)).toEqual([])
  })

  it('records a cancellation', async () => {
    const override = await newOverride()
    const page = await newPage(harness)
    await page.goto(harness.url(`/override/${override.id}`))
    await hydrated(page)
    await page.getByTestId('override-cancel').click()
    await page.getByTestId('override-state-cancelled').waitFor()
    expect(await row(override.id)).toMatchObject({ status: 'cancelled', decided_by: tenant.userId })
  })

  it('says when a request was used, expired, or never existed — without buttons', async () => {
    const page = await newPage(harness)
    const used = await newOverride()
    await harness
      .db('budget_overrides')
      .where({ id: used.id })
      .update({ status: 'used', used_at: new Date() })
    await page.goto(harness.url(`/override/${used.id}`))
    await page.getByTestId('override-state-used').waitFor()
    expect(await page.getByTestId('override-confirm').count()).toBe(0)

    const expired = await newOverride(new Date(Date.now() - 60 * 60_000))
    await page.goto(harness.url(`/override/${expired.id}`))
    await page.getByTestId('override-state-expired').waitFor()
    expect(await page.getByTestId('override-confirm').count()).toBe(0)
    const late = await page.request.post(harness.url(`/override/${expired.id}`), {
      form: { intent: 'confirm' },
    })
    expect(late.status()).toBe(409)
    expect(await row(expired.id)).toMatchObject({ status: 'pending' })

    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await page.goto(harness.url(`/override/${id}`))
      expect(response?.status()).toBe(404)
      await page.getByTestId('override-state-unknown').waitFor()
    }
  })

  it('needs no admin session, and decides only the override in the link', async () => {
    const first = await newOverride()
    const second = await newOverride()
    const page = await newPage(harness)
    await page.goto(harness.url(`/override/${first.id}`))
    await hydrated(page)
    expect(new URL(page.url()).pathname).toBe(`/override/${first.id}`)
    await page.getByTestId('override-confirm').click()
    await navigated(page, (url) => url.pathname === `/override/${first.id}`)
    await page.getByTestId('override-state-confirmed').waitFor()
    expect(await row(second.id)).toMatchObject({ status: 'pending' })
  })
})
