import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, type AdminHarness, newPage, signIn, startAdminHarness } from './admin-browser'

// Findings M1 (open redirect after sign-in) and M5 (CSRF through ?_data POSTs) in a real Chromium.
let harness: AdminHarness
let adminOrigin: string
let attacker: http.Server
let attackerUrl: string
let pageHtml = ''

beforeAll(async () => {
  harness = await startAdminHarness()
  adminOrigin = new URL(harness.admin.url).origin
  // Another origin on the same site as the admin (same host, another port): the session cookie
  // (SameSite=Lax) rides along on its requests to the admin.
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(pageHtml)
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`
})
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve))
  await harness?.close()
})

/** Sign in from /login?next=…, with evil.example answered locally, and return where the browser ends. */
async function signInWithNext(page: Page, next: string): Promise<URL> {
  await page.route('http://evil.example/**', (route) =>
    route.fulfill({ body: 'evil', contentType: 'text/plain' }),
  )
  await page.goto(`${harness.url('/login')}?next=${next}`)
  await page.getByLabel('Email').fill('admin@example.com')
  await page.getByLabel('Password').fill(ADMIN_PASSWORD)
  await Promise.all([
    page.waitForURL((url) => url.origin !== adminOrigin || !url.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
  await page.waitForLoadState('load')
  return new URL(page.url())
}

describe('sign-in redirect (M1)', () => {
  it.each([['/%09/evil.example'], ['/%0a/evil.example'], ['/%5C/evil.example'], ['//evil.example']])(
    'with next=%s ends on the admin itself',
    async (next) => {
      const page = await newPage(harness)
      const landed = await signInWithNext(page, next)
      expect(landed.origin).toBe(adminOrigin)
      expect(await page.content()).not.toContain('>evil<')
      await page.context().close()
    },
  )

  it('still goes back to the page asked for', async () => {
    const page = await newPage(harness)
    const landed = await signInWithNext(page, encodeURIComponent('/budgets?x=1'))
    expect(`${landed.origin}${landed.pathname}${landed.search}`).toBe(`${adminOrigin}/budgets?x=1`)
    await page.context().close()
  })
})

describe('cross-origin form posts and fetches (M5)', () => {
  it('refuses them from a same-site origin: the budget stays active', async () => {
    const budget = await harness.db('ai_budgets').where({ is_active: true }).orderBy('id').first('id')
    const target = harness.url('/budgets?_data=routes%2F_admin.budgets._index')
    const page = await newPage(harness)
    await signIn(page, harness)

    // 1. A page that auto-submits a form to the admin.
    pageHtml = `<form id="f" method="post" action="${target}">
      <input name="budgetId" value="${budget.id}"><input name="intent" value="deactivate"></form>
      <script>document.getElementById('f').submit()</script>`
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(harness.admin.url) && r.request().method() === 'POST'),
      page.goto(attackerUrl),
    ])
    expect(response.status()).toBe(403)
    expect((await harness.db('ai_budgets').where({ id: budget.id }).first()).is_active).toBe(true)

    // 2. A page that fetches it (no-cors: a "simple" request, cookies included).
    pageHtml = `<script>
      fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
        body: new URLSearchParams({ budgetId: '${budget.id}', intent: 'deactivate' }) })
        .then(() => { document.title = 'sent' }, () => { document.title = 'failed' })
    </script>`
    const [fetched] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(harness.admin.url) && r.request().method() === 'POST'),
      page.goto(attackerUrl),
    ])
    expect(fetched.status()).toBe(403)
    await page.waitForFunction("document.title !== ''")
    expect((await harness.db('ai_budgets').where({ id: budget.id }).first()).is_active).toBe(true)
    await page.context().close()
  })
})
