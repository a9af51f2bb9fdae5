import { randomBytes } from 'node:crypto'
import { findProviderKey, parseMasterKey } from '@tokenledger/db'
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

// The provider keys page: guarded, set / rotate / delete one organization's key, only the hint on
// screen, the key readable with the master key, and cross-origin posts refused.
const SECRET = randomBytes(32).toString('hex')
const FIRST = `sk-proj-browser-${randomBytes(8).toString('hex')}-AbCd`
const SECOND = `sk-proj-browser-${randomBytes(8).toString('hex')}-WxYz`
let harness: AdminHarness
let page: Page
let tenant: Tenant
let previousSecret: string | undefined

describe('admin provider keys', () => {
  beforeAll(async () => {
    // The admin runs in this process: it takes the master key from the environment.
    previousSecret = process.env.TOKENLEDGER_SECRET_KEY
    process.env.TOKENLEDGER_SECRET_KEY = SECRET
    harness = await startAdminHarness()
    tenant = await createTenant(harness.db, 'Browser Provider Keys')
    page = await newPage(harness)
  })
  afterAll(async () => {
    if (previousSecret === undefined) delete process.env.TOKENLEDGER_SECRET_KEY
    else process.env.TOKENLEDGER_SECRET_KEY = previousSecret
    await harness?.close()
  })

  const row = () => page.locator(`[data-testid="provider-keys-row"][data-organization="${tenant.slug}"]`)
  const openaiCell = () => row().getByTestId('key-openai')
  const stored = () =>
    findProviderKey(harness.db, parseMasterKey(SECRET, 'test'), tenant.organizationId, 'openai')

  it('sends signed-out visitors to the sign-in page', async () => {
    await page.goto(harness.url('/provider-keys'))
    const url = new URL(page.url())
    expect(url.pathname).toBe('/login')
    expect(url.searchParams.get('next')).toBe('/provider-keys')
  })

  it('sets, rotates and deletes a key, showing only its last four characters', async () => {
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Provider keys' }).first().click()
    await navigated(page, (url) => url.pathname === '/provider-keys')
    await hydrated(page)
    await expect(openaiCell().textContent()).resolves.toContain('not set')

    await openaiCell().getByPlaceholder('OpenAI key').fill(FIRST)
    await openaiCell().getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved the OpenAI key (…AbCd)' }).waitFor()
    await openaiCell().getByTestId('key-hint').filter({ hasText: '…AbCd' }).waitFor()
    await expect(openaiCell().getByTestId('key-hint').textContent()).resolves.toBe('…AbCd')
    await expect(openaiCell().getByPlaceholder('new key').inputValue()).resolves.toBe('')
    expect(await stored()).toBe(FIRST)

    await openaiCell().getByPlaceholder('new key').fill(SECOND)
    await openaiCell().getByRole('button', { name: 'Rotate' }).click()
    await page.getByRole('status').filter({ hasText: 'Rotated the OpenAI key (…WxYz)' }).waitFor()
    // The notice comes with the action's answer; the cell follows when the page's data reloads.
    await openaiCell().filter({ hasText: 'rotated' }).waitFor()
    expect(await stored()).toBe(SECOND)

    // A key with a space: refused, nothing changed, the key not repeated.
    await openaiCell().getByPlaceholder('new key').fill('sk-has a space-1234')
    await openaiCell().getByRole('button', { name: 'Rotate' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Not saved' })
    await alert.waitFor()
    expect(await alert.textContent()).not.toContain('sk-has a space')
    expect(await stored()).toBe(SECOND)

    const html = await page.content()
    expect(html).not.toContain(FIRST)
    expect(html).not.toContain(SECOND.slice(0, -4))

    await openaiCell().getByRole('button', { name: `Delete Browser Provider Keys's OpenAI key` }).click()
    await page.getByRole('status').filter({ hasText: 'Deleted the OpenAI key' }).waitFor()
    await openaiCell().filter({ hasText: 'not set' }).waitFor()
    expect(await stored()).toBeNull()
    expect(pageErrors(page)).toEqual([])
  })

  it('refuses a cross-origin post, storing nothing', async () => {
    const cookies = await page.context().cookies()
    const response = await fetch(harness.url('/provider-keys'), {
      method: 'POST',
      headers: {
        origin: 'http://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      },
      body: new URLSearchParams({
        intent: 'save',
        organizationId: String(tenant.organizationId),
        provider: 'openai',
        key: 'sk-proj-cross-origin-0000',
      }),
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
    expect(await stored()).toBeNull()
  })
})
