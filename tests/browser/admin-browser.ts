// Browser-test support: the built admin served against the test database, demo data with fresh
// rollups, and a headless Chromium driven by playwright-core (never a downloaded browser).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type AdminServer, ensureAdminBuild, startAdminServer } from '@tokenledger/admin/server'
import {
  ADMIN_EMAIL,
  aggregateDaily,
  aggregateMonthly,
  createDb,
  type Db,
  isSeeded,
  seedDemoData,
} from '@tokenledger/db'
import { hashPassword } from '@tokenledger/domain'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'

export const ADMIN_PASSWORD = 'browser-test-admin-password'
export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
export const VIEWPORT = { width: 1280, height: 800 }

/** A system Chromium: CHROMIUM_PATH, else the usual Debian/Ubuntu paths. */
export const CHROMIUM_PATH = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((path): path is string => Boolean(path && existsSync(path)))

export interface AdminHarness {
  db: Db
  admin: AdminServer
  browser: Browser
  url: (path: string) => string
  close: () => Promise<void>
}

/**
 * Builds the admin if its build is missing or older than its sources, seeds the demo data into the
 * test database (once per database; never the demo database), rolls every finished day and month
 * up, starts the admin on a free port and launches Chromium.
 */
export async function startAdminHarness(): Promise<AdminHarness> {
  if (!CHROMIUM_PATH) {
    throw new Error('No Chromium for the browser tests: apt-get install -y chromium (or set CHROMIUM_PATH).')
  }
  await ensureAdminBuild()
  const db = createDb(process.env.DATABASE_URL as string)
  await seedOnce(db)
  await rollUpEverything(db)
  const admin = await startAdminServer({ db, port: 0 })
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    db,
    admin,
    browser,
    url: (path) => `${admin.url}${path}`,
    close: async () => {
      await browser.close()
      await admin.close()
      await db.destroy()
    },
  }
}

async function seedOnce(db: Db): Promise<void> {
  if (!(await isSeeded(db))) await seedDemoData(db, { adminPassword: ADMIN_PASSWORD, days: 35 })
  // Seeded by someone else in this test database: make the password ours.
  await db('users')
    .whereRaw('lower(email) = ?', [ADMIN_EMAIL])
    .update({ password_hash: await hashPassword(ADMIN_PASSWORD) })
}

/** Every day before today and every month before this one, as the worker's jobs would leave them. */
export async function rollUpEverything(db: Db): Promise<void> {
  const { rows: days } = await db.raw(`
    select distinct (created_at at time zone 'UTC')::date::text as day from ai_usage_logs
    where created_at < date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
    union select distinct date::text from ai_usage_daily where date < (now() at time zone 'UTC')::date
    order by 1`)
  for (const { day } of days as Array<{ day: string }>) await aggregateDaily(db, day)
  const { rows: months } = await db.raw(`
    select distinct extract(year from date)::int as year, extract(month from date)::int as month
    from ai_usage_daily where date < date_trunc('month', now() at time zone 'UTC')::date
    union select year, month from ai_usage_monthly
    where (year, month) < (extract(year from now() at time zone 'UTC')::int, extract(month from now() at time zone 'UTC')::int)`)
  for (const { year, month } of months as Array<{ year: number; month: number }>) {
    await aggregateMonthly(db, year, month)
  }
}

export async function newPage(harness: AdminHarness): Promise<Page> {
  const context = await harness.browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (403|404|400|401|409)/.test(message.text()))
      errors.push(message.text())
  })
  ;(page as Page & { errors: string[] }).errors = errors
  return page
}

/** Browser-side errors (uncaught exceptions, console errors other than expected HTTP refusals). */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? []
}

export async function signIn(
  page: Page,
  harness: AdminHarness,
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
): Promise<void> {
  await page.goto(harness.url('/login'))
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

/** Waits until React has hydrated the page (root.tsx marks <html data-hydrated>), so handlers work. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' })
}

/**
 * After a client-side navigation: waits for the address to match, then for the app to be idle with
 * the new page's data on screen (root.tsx mirrors the navigation state on <html>). Playwright's
 * load states do not apply to client-side navigations.
 */
export async function navigated(page: Page, matches: (url: URL) => boolean): Promise<void> {
  await page.waitForURL(matches)
  await page.waitForFunction('document.documentElement.dataset.navigation === "idle"')
}

/**
 * A 1280×800 screenshot of the top of the page once it is idle, saved to docs/screenshots/ when
 * UPDATE_SCREENSHOTS=1 or when it is missing (so test runs do not rewrite the committed images).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = `${SCREENSHOTS}${name}.png`
  if (process.env.UPDATE_SCREENSHOTS !== '1' && existsSync(path)) return
  await page.waitForFunction('document.documentElement.dataset.navigation === "idle"')
  await page.evaluate('window.scrollTo(0, 0)')
  await page.waitForTimeout(400) // the loading bar's fade-out
  await page.screenshot({ path, fullPage: false })
}

/**
 * At the test viewport (1280 px) a table fits its card, links and buttons included: nothing is
 * only reachable by scrolling sideways.
 */
export async function expectTableInView(page: Page, testId: string): Promise<void> {
  const [tableRight, cardRight, controlsRight] = await page
    .getByTestId(testId)
    .evaluate((t) => [
      t.getBoundingClientRect().right,
      t.parentElement?.getBoundingClientRect().right ?? 0,
      Math.max(
        0,
        ...[...t.querySelectorAll('tbody a, tbody button')].map((b) => b.getBoundingClientRect().right),
      ),
    ])
  expect(tableRight).toBeLessThanOrEqual(cardRight)
  expect(controlsRight).toBeLessThanOrEqual(cardRight)
}
