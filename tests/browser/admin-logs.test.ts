import { CATEGORY_LABELS, type Category, toDecimal } from '@tokenledger/domain'
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

const rowIds = () =>
  page
    .locator('[data-testid=log-row]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-log-id'))))

describe('admin usage logs', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    page = await newPage(harness)
    await signIn(page, harness)
  })
  afterAll(async () => {
    await harness?.close()
  })

  const ids = async (
    where: string,
    bindings: unknown[],
    order = 'created_at desc, id desc',
    limit = 50,
    offset = 0,
  ) =>
    (
      await harness.db.raw(
        `select id from ai_usage_logs where ${where} order by ${order} limit ${limit} offset ${offset}`,
        bindings as never,
      )
    ).rows.map((r: { id: number }) => r.id)

  it('lists the newest calls first, 50 a page', async () => {
    await page.goto(harness.url('/logs'))
    await hydrated(page)
    expect(await rowIds()).toEqual(await ids('true', []))
  })

  it('filters by organization, category and status, keeping the filters in the address', async () => {
    const acme = await harness.db('organizations').where({ slug: 'acme' }).first('id', 'name')
    await page.getByLabel('Organization').selectOption({ label: acme.name })
    // Choosing an organization reloads the user and project choices at once.
    await navigated(page, (url) => url.searchParams.get('organization') === String(acme.id))
    await page.getByLabel('Category').selectOption('estimate_analysis')
    await page.getByLabel('Status').selectOption('success')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await navigated(
      page,
      (url) =>
        url.searchParams.get('category') === 'estimate_analysis' &&
        url.searchParams.get('status') === 'success',
    )
    const where = "organization_id = ? and category = 'estimate_analysis' and success"
    const expected = await ids(where, [acme.id])
    expect(expected.length).toBe(50)
    expect(await rowIds()).toEqual(expected)
    const shown = await page
      .locator('[data-testid=log-row]')
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.querySelector('[data-testid=cell-organization]')?.textContent,
          row.querySelector('[data-testid=cell-category]')?.textContent,
        ]),
      )
    expect(new Set(shown.map(([org, category]) => `${org}|${category}`))).toEqual(
      new Set([`${acme.name}|${CATEGORY_LABELS.estimate_analysis}`]),
    )
    await expectTableInView(page, 'logs-table')
    await screenshot(page, 'logs')

    // The next page continues where this one ended (keyset, not offset).
    await page.getByTestId('next-page').click()
    await navigated(page, (url) => url.searchParams.has('cursor'))
    expect(await rowIds()).toEqual(await ids(where, [acme.id], undefined, 50, 50))
    // And back.
    const previous = page.getByRole('link', { name: 'Previous' })
    const href = await previous.getAttribute('href')
    await previous.click()
    await navigated(page, (url) => `${url.pathname}${url.search}` === href)
    expect(await rowIds()).toEqual(expected)
  })

  it('sorts by cost and narrows to a date range and a user', async () => {
    const user = await harness.db('users').where({ email: 'maya@acme.example' }).first('id')
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)
    await page.goto(harness.url(`/logs?user=${user.id}&from=${day}&to=${day}`))
    await hydrated(page)
    const where = `user_id = ? and created_at >= ?::date and created_at < ?::date + 1`
    expect(await rowIds()).toEqual(await ids(where, [user.id, day, day]))
    await page.getByRole('link', { name: /^Sort by cost/ }).click()
    await navigated(page, (url) => url.searchParams.get('sort') === 'cost_desc')
    expect(await rowIds()).toEqual(await ids(where, [user.id, day, day], 'coalesce(cost, -1) desc, id desc'))
    const costs = await page.locator('[data-testid=cell-cost]').allTextContents()
    expect(costs.length).toBeGreaterThan(0)
    // Failed calls only, through the form.
    await page.getByLabel('Status').selectOption('failed')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await navigated(page, (url) => url.searchParams.get('status') === 'failed')
    expect(await rowIds()).toEqual(
      await ids(`${where} and not success`, [user.id, day, day], 'coalesce(cost, -1) desc, id desc'),
    )
  })

  it('exports the filtered set as CSV', async () => {
    const acme = await harness.db('organizations').where({ slug: 'acme' }).first('id')
    const response = await page.request.get(
      harness.url(`/logs.csv?organization=${acme.id}&category=summarization`),
    )
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toMatch(/^text\/csv/)
    const lines = (await response.text()).trim().split('\r\n')
    expect(lines[0]).toMatch(/^id,created_at,organization_id,organization,/)
    const expected = await ids(
      "organization_id = ? and category = 'summarization'",
      [acme.id],
      undefined,
      100_000,
    )
    expect(lines.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(expected)
    expect(expected.length).toBeGreaterThan(100)
  })

  it('opens a call: every field, highlighted redactions, prices used and the attribution chain', async () => {
    const log = await harness
      .db('ai_usage_logs as l')
      .join('organizations as o', 'o.id', 'l.organization_id')
      .join('users as u', 'u.id', 'l.user_id')
      .join('projects as p', 'p.id', 'l.project_id')
      .join('documents as d', 'd.id', 'l.document_id')
      .where('l.content_redacted', true)
      .whereNotNull('l.cost')
      .orderBy('l.id', 'desc')
      .first('l.*', 'o.name as org', 'u.name as user', 'p.name as project', 'd.name as document')
    expect(log).toBeTruthy()
    // From the list: filter down to it and click through.
    await page.goto(harness.url(`/logs?document=${log.document_id}&project=${log.project_id}`))
    await hydrated(page)
    await page.locator(`[data-log-id="${log.id}"] a`).first().click()
    await navigated(page, (url) => url.pathname === `/logs/${log.id}`)
    // The link carries the call's time, so the page reads only that month's partition.
    expect(new URL(page.url()).searchParams.get('at')).toBe(log.created_at.toISOString())

    // Every stored decimal is shown: the figure reads back as the stored cost exactly.
    const shown = (await page.getByTestId('detail-cost').textContent()) ?? ''
    expect(shown).toMatch(/^\$\d+\.\d{2,12}$/)
    expect(toDecimal(shown.slice(1)).equals(toDecimal(log.cost))).toBe(true)
    expect(await page.getByTestId('detail-cost-source').textContent()).toContain(log.prices.ref)
    const chain = async (testId: string) =>
      (await page.getByTestId(testId).locator('a').textContent())?.trim()
    expect(await chain('chain-organization')).toBe(log.org)
    expect(await chain('chain-user')).toContain(log.user)
    expect(await chain('chain-project')).toBe(log.project)
    expect(await chain('chain-document')).toBe(log.document)
    expect(await page.getByTestId('prompt').textContent()).toBe(log.prompt_content)
    expect(await page.getByTestId('response').textContent()).toBe(log.response_content ?? 'Not recorded.')
    const markers = `${log.prompt_content}${log.response_content ?? ''}`.match(/\[REDACTED:[a-z_]+\]/g) ?? []
    expect(markers.length).toBeGreaterThan(0)
    expect(await page.locator('mark[data-redacted]').allTextContents()).toEqual(markers)
    for (const [type, count] of Object.entries(log.redaction_summary as Record<string, number>)) {
      expect(await page.getByTestId(`redaction-${type}`).textContent()).toBe(`${count} replaced`)
    }
    const prices = await page.getByTestId('prices-used').locator('tbody tr').allTextContents()
    expect(prices[0]).toContain(`$${Number(log.prices.inputMtok).toFixed(2)}`)
    expect(await page.getByTestId('call').textContent()).toContain(CATEGORY_LABELS[log.category as Category])
    await screenshot(page, 'log-detail')
    expect(pageErrors(page)).toEqual([])
  })

  it('says so when nothing matches', async () => {
    await page.goto(harness.url('/logs?provider=no-such-provider'))
    await expect(page.getByTestId('logs-empty').textContent()).resolves.toContain('No calls match')
  })
})
