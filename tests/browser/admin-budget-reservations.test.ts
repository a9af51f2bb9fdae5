import { releaseReservations, reserveBudgets } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AdminHarness, hydrated, newPage, pageErrors, signIn, startAdminHarness } from './admin-browser'

let harness: AdminHarness
let page: Page
let tenant: Tenant
let budgetId: number

// Reservations in flight (issue 14): what calls checked but not yet logged hold against a budget,
// on the budgets list and on the budget's own page.
describe('admin budgets: reservations in flight', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Reservations')
    const [row] = await harness
      .db('ai_budgets')
      .insert({ organization_id: tenant.organizationId, monthly_limit: '10.00' })
      .returning('id')
    budgetId = row.id
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await harness?.close()
  })

  const reserve = (amount: string) =>
    reserveBudgets(harness.db, {
      organizationId: tenant.organizationId,
      userId: tenant.userId,
      projectId: null,
      apiKeyId: null,
      amount,
      now: new Date(),
    })
  const inFlightOnList = async () => {
    // The list is paged: the organization's filter brings the budget onto the first page.
    await page.goto(harness.url(`/budgets?org=${tenant.organizationId}`))
    await hydrated(page)
    return page.locator(`[data-budget-id="${budgetId}"]`).getByTestId('budget-in-flight').textContent()
  }

  it('shows a reservation appear on the list and the budget page, and go once released', async () => {
    expect(await inFlightOnList()).toBe('none')

    const first = await reserve('0.25')
    const second = await reserve('0.0042')
    expect([first.reservation, second.reservation].every(Boolean)).toBe(true)
    expect(await inFlightOnList()).toBe('2 calls · $0.2542')

    await page.goto(harness.url(`/budgets/${budgetId}`))
    await hydrated(page)
    const block = page.getByRole('region', { name: 'Reservations in flight' })
    expect(await block.getByTestId('budget-in-flight').textContent()).toBe('2 calls · $0.2542')

    // The calls were logged (or never made): their holds are released.
    await releaseReservations(harness.db, tenant.organizationId, [
      first.reservation?.id as string,
      second.reservation?.id as string,
    ])
    expect(await inFlightOnList()).toBe('none')
    expect(pageErrors(page)).toEqual([])
  })
})
