import { randomUUID } from 'node:crypto'
import { hashPassword } from '@tokenledger/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD,
  type AdminHarness,
  hydrated,
  navigated,
  newPage,
  signIn,
  startAdminHarness,
} from './admin-browser'

let harness: AdminHarness
let budgetId: number
let priceId: number
let logId: number
let repriceRunId: number
const memberEmail = `member-${randomUUID()}@example.test`
const memberPassword = 'not-an-admin-password'

/** Every admin page. */
const pages = () => [
  '/',
  '/logs',
  `/logs/${logId}`,
  '/logs.csv',
  '/budgets',
  '/budgets/new',
  `/budgets/${budgetId}`,
  '/prices',
  '/prices/new',
  `/prices/${priceId}`,
  '/prices/unpriced',
  '/prices/reprices',
  `/prices/reprices/${repriceRunId}`,
]

describe('admin access', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    await harness
      .db('users')
      .insert({ email: memberEmail, name: 'Plain Member', password_hash: await hashPassword(memberPassword) })
    budgetId = (await harness.db('ai_budgets').orderBy('id').first('id')).id
    logId = (await harness.db('ai_usage_logs').orderBy('id', 'desc').first('id')).id
    const [price] = await harness
      .db('model_prices')
      .insert({
        provider: 'acme',
        model: `access-${randomUUID()}`,
        input_mtok: '1',
        output_mtok: '2',
        effective_from: new Date(),
      })
      .returning('id')
    priceId = price.id
    const [run] = await harness
      .db('reprice_runs')
      .insert({
        model: `access-${randomUUID()}`,
        from_day: '2026-01-01',
        to_day: '2026-01-02',
        status: 'finished',
      })
      .returning('id')
    repriceRunId = run.id
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('sends signed-out visitors of every admin page to the sign-in page, and back after', async () => {
    const page = await newPage(harness)
    for (const path of pages()) {
      const response = await page.goto(harness.url(path))
      const url = new URL(page.url())
      expect(url.pathname, path).toBe('/login')
      if (path !== '/') expect(url.searchParams.get('next'), path).toBe(path)
      expect(response?.status(), path).toBe(200)
    }
    await page.goto(harness.url('/budgets'))
    await hydrated(page)
    await page.getByLabel('Email').fill('admin@example.com')
    await page.getByLabel('Password').fill(ADMIN_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await navigated(page, (url) => url.pathname === '/budgets')
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tl_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
  })

  it('refuses a wrong password without saying which part was wrong', async () => {
    const page = await newPage(harness)
    await page.goto(harness.url('/login'))
    await hydrated(page)
    await page.getByLabel('Email').fill('admin@example.com')
    await page.getByLabel('Password').fill('wrong')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toBe('That email and password do not match.')
    expect((await page.context().cookies()).some((c) => c.name === 'tl_session')).toBe(false)
  })

  it('refuses a signed-in user who is not a super admin on every page and every action, with a 403', async () => {
    const page: Page = await newPage(harness)
    await signIn(page, harness, memberEmail, memberPassword)
    for (const path of pages()) {
      const response = await page.goto(harness.url(path))
      expect(response?.status(), path).toBe(403)
      if (path !== '/logs.csv') {
        await expect(page.getByTestId('forbidden').textContent(), path).resolves.toContain(
          'Super admins only',
        )
      }
      expect(new URL(page.url()).pathname, path).toBe(path)
    }
    // Actions, posted as a browser form would (the session cookie rides along).
    const before = await harness.db('ai_budgets').where({ id: budgetId }).first()
    const post = (path: string, form: Record<string, string>) =>
      page.request.post(harness.url(path), { form })
    expect((await post('/budgets', { budgetId: String(budgetId), intent: 'deactivate' })).status()).toBe(403)
    expect(
      (
        await post(`/budgets/${budgetId}`, { monthlyLimit: '1', warningThreshold: '10', isActive: 'on' })
      ).status(),
    ).toBe(403)
    const org = await harness.db('organizations').orderBy('id').first('id')
    expect((await post('/budgets/new', { organizationId: String(org.id), monthlyLimit: '5' })).status()).toBe(
      403,
    )
    expect(
      (
        await post('/prices/new', {
          provider: 'x',
          model: 'y',
          inputMtok: '1',
          outputMtok: '1',
          effectiveFrom: '2026-01-01',
        })
      ).status(),
    ).toBe(403)
    expect(
      (
        await post(`/prices/${priceId}`, {
          provider: 'x',
          model: 'y',
          inputMtok: '9',
          outputMtok: '9',
          effectiveFrom: '2026-01-01',
        })
      ).status(),
    ).toBe(403)
    expect((await post('/prices/reprices', { model: 'y', from: '2026-01-01' })).status()).toBe(403)
    expect(await harness.db('reprice_runs').where({ model: 'y' }).first()).toBeUndefined()
    expect(await harness.db('ai_budgets').where({ id: budgetId }).first()).toEqual(before)
    expect(await harness.db('model_prices').where({ provider: 'x', model: 'y' }).first()).toBeUndefined()
    expect(await harness.db('model_prices').where({ id: priceId }).first()).toMatchObject({
      input_mtok: '1.000000',
    })

    // The refusal page lets them sign out.
    await page.goto(harness.url('/'))
    await hydrated(page)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await navigated(page, (url) => url.pathname === '/login')
    expect((await page.context().cookies()).some((c) => c.name === 'tl_session' && c.value)).toBe(false)
  })

  it('signs out a super admin: the session ends server-side too', async () => {
    const page = await newPage(harness)
    await signIn(page, harness)
    const token = (await page.context().cookies()).find((c) => c.name === 'tl_session')?.value as string
    await hydrated(page)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await navigated(page, (url) => url.pathname === '/login')
    // Replaying the old cookie does not work.
    const replay = await newPage(harness)
    await replay.context().addCookies([{ name: 'tl_session', value: token, url: harness.admin.url }])
    await replay.goto(harness.url('/budgets'))
    expect(new URL(replay.url()).pathname).toBe('/login')
  })

  it('answers health and readiness probes', async () => {
    const page = await newPage(harness)
    expect(await (await page.request.get(harness.url('/healthz'))).json()).toEqual({ status: 'ok' })
    expect(await (await page.request.get(harness.url('/readyz'))).json()).toEqual({ status: 'ready' })
    const asset = await page.request.get(harness.url('/favicon.svg'))
    expect(asset.status()).toBe(200)
  })

  it('collapses the navigation into a drawer on small screens, reachable by keyboard', async () => {
    const page = await newPage(harness)
    await signIn(page, harness)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(harness.url('/'))
    await hydrated(page)
    expect(await page.getByRole('link', { name: 'Budgets', exact: true }).isVisible()).toBe(false)
    await page.getByRole('button', { name: 'Open navigation' }).focus()
    await page.keyboard.press('Enter')
    const drawer = page.getByRole('dialog', { name: 'Navigation' })
    await drawer.getByRole('link', { name: 'Budgets', exact: true }).focus()
    await page.keyboard.press('Enter')
    await navigated(page, (url) => url.pathname === '/budgets')
    expect(await drawer.count()).toBe(0)
  })
})
