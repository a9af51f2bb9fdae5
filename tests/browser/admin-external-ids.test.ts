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

// The demo seeds each organization's app users by external id (packages/db/src/seed/demo-catalog.ts):
// Acme's usr_8f2a01 has a name, usr_8f2a03 has nothing but its id.
let harness: AdminHarness
let page: Page

const rowIds = () =>
  page
    .locator('[data-testid=log-row]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-log-id'))))

async function appUser(externalId: string) {
  return harness
    .db('users as u')
    .join('organizations as o', 'o.id', 'u.organization_id')
    .where({ 'o.slug': 'acme', 'u.external_id': externalId })
    .first('u.id', 'u.name', 'u.email', 'o.id as organization_id', 'o.name as organization_name')
}

const newestLogIds = async (userId: number) =>
  (
    await harness
      .db('ai_usage_logs')
      .where({ user_id: userId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(50)
      .select('id')
  ).map((r: { id: number }) => r.id)

describe("the app's own ids in the admin", () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('filters the log list by an external id within the organization and shows it as a chip', async () => {
    const dana = await appUser('usr_8f2a01')
    expect(dana?.name).toBe('Dana Whitfield')
    await page.goto(harness.url('/logs'))
    await hydrated(page)
    await page.getByLabel('Organization').selectOption({ label: dana.organization_name })
    await navigated(page, (url) => url.searchParams.get('organization') === String(dana.organization_id))
    await page.getByLabel('External id').fill('usr_8f2a01')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await navigated(page, (url) => url.searchParams.get('externalId') === 'usr_8f2a01')

    const expected = await newestLogIds(dana.id)
    expect(expected.length).toBeGreaterThan(0)
    expect(await rowIds()).toEqual(expected)
    const users = await page.getByTestId('cell-user').allTextContents()
    expect(new Set(users)).toEqual(new Set(['Dana Whitfield']))
    const chips = page.getByTestId('logs-table').getByTestId('external-id')
    expect(await chips.count()).toBe(expected.length)
    expect(new Set(await chips.allTextContents())).toEqual(new Set(['usr_8f2a01']))
    // The field keeps what was typed, so the view reads back as it was asked for.
    expect(await page.getByLabel('External id').inputValue()).toBe('usr_8f2a01')
    expect(pageErrors(page)).toEqual([])
  })

  it('finds the id in every organization from the address alone, exactly', async () => {
    const dana = await appUser('usr_8f2a01')
    await page.goto(harness.url('/logs?externalId=usr_8f2a01'))
    await hydrated(page)
    expect(await rowIds()).toEqual(await newestLogIds(dana.id))
    // Case matters: the app's ids are compared as stored.
    await page.goto(harness.url('/logs?externalId=USR_8F2A01'))
    await hydrated(page)
    expect(await rowIds()).toEqual([])
    await expect(page.getByTestId('logs-empty').isVisible()).resolves.toBe(true)
  })

  it('opens the call of an app user without a name or email, named by its id', async () => {
    const bare = await appUser('usr_8f2a03')
    expect(bare).toMatchObject({ name: null, email: null })
    const [logId] = await newestLogIds(bare.id)
    expect(logId).toBeDefined()
    await page.goto(harness.url(`/logs/${logId}`))
    await hydrated(page)
    const chain = page.getByTestId('chain-user')
    expect((await chain.textContent())?.trim()).toBe('Userusr_8f2a03')
    // The label already is the id: no chip repeats it; the link filters the list by that user.
    expect(await chain.getByTestId('external-id').count()).toBe(0)
    expect(await chain.getByRole('link').getAttribute('href')).toBe(`/logs?user=${bare.id}`)
    expect(await page.getByTestId('attribution').textContent()).not.toMatch(/null|undefined/)
    expect(pageErrors(page)).toEqual([])
  })

  it('names app users in the user filter by the same rule', async () => {
    const acme = await appUser('usr_8f2a01')
    await page.goto(harness.url(`/logs?organization=${acme.organization_id}`))
    await hydrated(page)
    const options = await page.getByLabel('User').locator('option').allTextContents()
    expect(options).toEqual(
      expect.arrayContaining([
        'Dana Whitfield (dana@riverside-homes.example) · usr_8f2a01',
        'li.wei@harbor-freight.example · usr_8f2a02',
        'usr_8f2a03',
      ]),
    )
    expect(options.join('\n')).not.toMatch(/null/)
  })

  it("shows a budget's app user by the rule, with the id as a chip", async () => {
    const li = await appUser('usr_8f2a02')
    const [budget] = await harness
      .db('ai_budgets')
      .insert({ organization_id: li.organization_id, user_id: li.id, monthly_limit: '25.00' })
      .returning('id')
    try {
      await page.goto(harness.url('/budgets'))
      await hydrated(page)
      const name = page.locator(`[data-budget-id="${budget.id}"] [data-testid=budget-name]`)
      // Named by the email (no name), then the chip: the text runs together.
      expect(await name.textContent()).toBe('li.wei@harbor-freight.exampleusr_8f2a02')
      expect(await name.getByTestId('external-id').textContent()).toBe('usr_8f2a02')
      await page.goto(harness.url(`/budgets/${budget.id}`))
      await hydrated(page)
      expect(await page.getByTestId('external-id').first().textContent()).toBe('usr_8f2a02')
      expect(await page.locator('main').textContent()).not.toMatch(/null|undefined/)
    } finally {
      await harness.db('ai_budgets').where({ id: budget.id }).delete()
    }
  })
})
