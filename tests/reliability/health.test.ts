import { once } from 'node:events'
import { type AdminServer, ensureAdminBuild, startAdminServer } from '@tokenledger/admin/server'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows } from './helpers'

// Liveness and readiness of the api and the admin, and a graceful api shutdown.
let db: Db
let tenant: Tenant

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Health')
})
afterAll(async () => {
  await db.destroy()
})

const probe = async (url: string) => {
  const response = await fetch(url)
  return { status: response.status, body: await response.json() }
}

describe('health endpoints', () => {
  it('the api answers /healthz and /readyz', async () => {
    const api = await startApiServer({ db, port: 0 })
    try {
      expect(await probe(`${api.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } })
      expect(await probe(`${api.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } })
    } finally {
      await api.close()
    }
  })

  it('the admin answers /healthz and /readyz', async () => {
    await ensureAdminBuild()
    const admin: AdminServer = await startAdminServer({ db, port: 0 })
    try {
      expect(await probe(`${admin.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } })
      expect(await probe(`${admin.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } })
    } finally {
      await admin.close()
    }
  }, 180_000)

  it('readyz reports 503 when the database is unreachable, while healthz stays ok', async () => {
    const unreachable = createDb('postgres://postgres:x@127.0.0.1:1/nowhere')
    const api: ApiServer = await startApiServer({ db: unreachable, port: 0 })
    try {
      expect(await probe(`${api.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } })
      expect(await probe(`${api.url}/readyz`)).toMatchObject({ status: 503, body: { status: 'unavailable' } })
    } finally {
      await api.close()
      await unreachable.destroy()
    }
  })
})

describe('graceful shutdown', () => {
  it('finishes a request in flight when close() is called, then refuses new connections', async () => {
    const api = await startApiServer({ db, port: 0 })
    const before = await countRows(db, 'ai_usage_logs')
    // A slow request: 1,000 events with content to redact.
    const prompt = 'Summarise for jane.doe@example.com: '.padEnd(20_000, 'lorem ipsum ')
    const events = Array.from({ length: 1_000 }, (_, i) => ({
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptTokens: 100 + i,
      completionTokens: 10,
      prompt,
    }))
    const arrived = once(api.server, 'request')
    const pending = fetch(`${api.url}/trpc/usage.logBatch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ events }),
    })
    await arrived
    const closed = api.close()
    const response = await pending
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ result: { data: { stored: 1_000, rejected: 0 } } })
    await closed
    expect(await countRows(db, 'ai_usage_logs')).toBe(before + 1_000)
    await expect(fetch(`${api.url}/healthz`)).rejects.toThrow()
  })
})
