import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { type AdminServer, ensureAdminBuild, startAdminServer } from '@tokenledger/admin/server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant } from '@tokenledger/db/testing'
import { hashPassword } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { slowClient } from './helpers'

// Findings M3 (admin part), M4, M5, L4 (NUL), L5 and L6 of the security probe, against the built
// admin over plain HTTP. `proxied` trusts X-Forwarded-* (TOKENLEDGER_TRUST_PROXY), so that each
// scenario has a client IP of its own; `direct` does not.
let db: Db
let proxied: AdminServer
let direct: AdminServer
const password = 'admin-hardening-password'
let email: string
let ipCounter = 0
const freshIp = () => `192.0.2.${++ipCounter}`

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

async function post(base: string, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })
}

async function signIn(base: string, headers: Record<string, string> = {}): Promise<Response> {
  return post(base, '/login', form({ email, password, next: '/' }), {
    'x-forwarded-for': freshIp(),
    ...headers,
  })
}

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string

beforeAll(async () => {
  await ensureAdminBuild()
  db = createDb(process.env.DATABASE_URL as string)
  email = `admin-hardening-${randomUUID()}@example.test`
  await db('users').insert({
    email,
    name: 'Hardening Admin',
    password_hash: await hashPassword(password),
    is_super_admin: true,
  })
  proxied = await startAdminServer({ db, port: 0, trustProxy: true })
  direct = await startAdminServer({ db, port: 0, trustProxy: false })
}, 300_000)
afterAll(async () => {
  await proxied?.close()
  await direct?.close()
  await db?.destroy()
})

describe('admin sign-in limits (M3)', () => {
  it('after 40 wrong passwords refuses the right one with 429 and Retry-After', async () => {
    const ip = freshIp()
    const statuses: number[] = []
    const target = `target-${randomUUID()}@example.test`
    await db('users').insert({ email: target, name: 'Target', password_hash: await hashPassword(password) })
    for (let i = 0; i < 40; i++) {
      const response = await post(proxied.url, '/login', form({ email: target, password: `guess-${i}` }), {
        'x-forwarded-for': ip,
      })
      statuses.push(response.status)
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true)
    const right = await post(proxied.url, '/login', form({ email: target, password }), {
      'x-forwarded-for': ip,
    })
    expect(right.status).toBe(429)
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await right.text()).toMatch(/Too many sign-in attempts: retry after \d+ s\./)
    expect(right.headers.get('set-cookie')).toBeNull()
  })
})

describe('request bodies (M4)', () => {
  it('refuses a declared 150 MB body with 413 before reading it', async () => {
    const { status, sentBytes } = await upload(direct.url, { declared: 150 * 1024 * 1024 })
    expect(status).toBe(413)
    expect(sentBytes).toBeLessThan(16 * 1024 * 1024)
  })

  it('cuts off a chunked body as soon as it passes 1 MB, without buffering it', async () => {
    const rssBefore = process.memoryUsage().rss
    const { status, sentBytes } = await upload(direct.url, { declared: null })
    expect(status === 413 || status === 'reset').toBe(true)
    expect(sentBytes).toBeLessThan(64 * 1024 * 1024) // stopped long before the 150 MB on offer
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024)
    expect((await fetch(`${direct.url}/healthz`)).status).toBe(200)
  })

  it('still accepts ordinary forms', async () => {
    expect((await signIn(direct.url)).status).toBe(302)
  })
})

describe('cross-origin requests (M5)', () => {
  it('refuses a ?_data POST from another origin on the same site; the budget stays as it was', async () => {
    const tenant = await createTenant(db, `CSRF ${randomUUID().slice(0, 8)}`)
    const [budget] = await db('ai_budgets')
      .insert({ organization_id: tenant.organizationId, monthly_limit: '100' })
      .returning('id')
    const cookie = cookieOf(await signIn(direct.url))
    const sameSite = direct.url.replace(/:\d+$/, ':1')
    const attacks: Array<Record<string, string>> = [
      { origin: sameSite },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
    ]
    for (const headers of attacks) {
      const response = await post(
        direct.url,
        '/budgets?_data=routes%2F_admin.budgets._index',
        form({ budgetId: String(budget.id), intent: 'deactivate' }),
        { cookie, ...headers },
      )
      expect(response.status).toBe(403)
      expect(await response.text()).toMatch(/^Cross-origin request refused/)
    }
    expect((await db('ai_budgets').where({ id: budget.id }).first()).is_active).toBe(true)
    // The admin's own origin may.
    const own = await post(
      direct.url,
      '/budgets?_data=routes%2F_admin.budgets._index',
      form({ budgetId: String(budget.id), intent: 'deactivate' }),
      { cookie, origin: direct.url, 'sec-fetch-site': 'same-origin' },
    )
    expect(own.status).toBe(204) // Remix's ?_data answer to a redirect
    expect((await db('ai_budgets').where({ id: budget.id }).first()).is_active).toBe(false)
  })
})

describe('NUL in admin inputs (L4)', () => {
  it('answers 400, not 500, for NUL in the sign-in form, a filter and the price form', async () => {
    const cookie = cookieOf(await signIn(direct.url))
    const login = await post(direct.url, '/login', form({ email: `a\0${email}`, password }))
    expect(login.status).toBe(400)
    expect(await login.text()).toMatch(/NUL/)
    const logs = await fetch(`${direct.url}/logs?model=gpt%00`, { headers: { cookie } })
    expect(logs.status).toBe(400)
    const price = await post(
      direct.url,
      '/prices/new',
      form({ provider: 'openai', model: 'x\0', inputPrice: '1', outputPrice: '1' }),
      { cookie },
    )
    expect(price.status).toBe(400)
  })
})

describe('session cookie behind a TLS proxy (L5)', () => {
  it('is Secure when the trusted proxy says the request was https, and only then', async () => {
    const viaProxy = await signIn(proxied.url, { 'x-forwarded-proto': 'https' })
    expect(viaProxy.status).toBe(302)
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/)
    const plainHttp = await signIn(proxied.url)
    expect(plainHttp.headers.get('set-cookie')).not.toMatch(/Secure/)
    // Without TOKENLEDGER_TRUST_PROXY the header is anyone's: ignored.
    const untrusted = await signIn(direct.url, { 'x-forwarded-proto': 'https' })
    expect(untrusted.status).toBe(302)
    expect(untrusted.headers.get('set-cookie')).not.toMatch(/Secure/)
  })
})

describe('slow clients (L6)', () => {
  it('cuts off a client that drips its headers or its body', async () => {
    const slow = await startAdminServer({
      db,
      port: 0,
      limits: { headersTimeoutMs: 500, requestTimeoutMs: 1_000, checkIntervalMs: 100 },
    })
    try {
      const headers = await slowClient(slow.url, 'POST /login HTTP/1.1\r\nHost: x\r\n')
      expect(headers.closedAfterMs).not.toBeNull()
      expect(headers.closedAfterMs).toBeLessThan(3_000)
      expect(headers.response).toMatch(/^HTTP\/1\.1 408/)
      const body = await slowClient(
        slow.url,
        'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n',
        { drip: 'a' },
      )
      expect(body.closedAfterMs).not.toBeNull()
      expect(body.closedAfterMs).toBeLessThan(3_000)
    } finally {
      await slow.close()
    }
  })

  it('sets the documented limits by default', () => {
    const { server } = direct
    expect({
      headers: server.headersTimeout,
      request: server.requestTimeout,
      keepAlive: server.keepAliveTimeout,
      connections: server.maxConnections,
    }).toEqual({ headers: 10_000, request: 30_000, keepAlive: 5_000, connections: 1_000 })
  })
})

/**
 * POSTs up to 150 MB to /login in 64 KB chunks (declaring the length, or chunked), stopping when
 * the server answers or drops the connection. Returns the status (or 'reset') and the bytes sent.
 */
function upload(base: string, options: { declared: number | null }) {
  const { hostname, port } = new URL(base)
  const total = 150 * 1024 * 1024
  const chunk = Buffer.alloc(64 * 1024, 'a')
  return new Promise<{ status: number | 'reset'; sentBytes: number }>((resolve) => {
    let sentBytes = 0
    let done = false
    const finish = (status: number | 'reset') => {
      if (done) return
      done = true
      request.destroy()
      resolve({ status, sentBytes })
    }
    const request = http.request({
      host: hostname,
      port: Number(port),
      method: 'POST',
      path: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.declared === null
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': options.declared }),
      },
    })
    request.on('response', (response) => {
      response.resume()
      finish(response.statusCode ?? 0)
    })
    request.on('error', () => finish('reset'))
    const pump = () => {
      while (!done && sentBytes < total) {
        sentBytes += chunk.length
        if (!request.write(chunk)) return void request.once('drain', pump)
      }
      if (!done) request.end()
    }
    request.flushHeaders()
    pump()
  })
}
