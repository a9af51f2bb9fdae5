import type { AppLoadContext } from '@remix-run/node'
import { createDb, type Db, SESSION_TTL_MS, type SessionUser } from '@tokenledger/db'
import { createTestDatabase, type TestDatabase } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { endSession, readSessionUser, startSession } from './session.server'

let database: TestDatabase
let db: Db
let user: SessionUser
let clock = new Date('2026-03-01T10:00:00.000Z')
const context = () => ({ db, now: () => clock, clientIp: null }) as unknown as AppLoadContext

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
  const [row] = await db('users')
    .insert({ email: 'admin@example.com', name: 'Admin', is_super_admin: true })
    .returning(['id', 'email', 'name'])
  user = { id: Number(row.id), email: row.email, name: row.name, isSuperAdmin: true }
}, 120_000)

afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

const request = (url: string, cookie?: string) =>
  new Request(url, { headers: cookie ? { cookie: cookie.split(';')[0] as string } : {} })

describe('admin session (Remix session storage over the sessions table)', () => {
  it('sets an HttpOnly, SameSite=Lax cookie for the session TTL, Secure only over https', async () => {
    const plain = await startSession(request('http://127.0.0.1:3000/login'), context(), user)
    expect(plain).toMatch(/^tl_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(SESSION_TTL_MS / 1000).toBe(43_200)
    const secure = await startSession(request('https://admin.example.com/login'), context(), user)
    expect(secure).toMatch(/; Secure/)
  })

  it('reads the signed-in user back, and nobody from a forged or absent cookie', async () => {
    const cookie = await startSession(request('http://127.0.0.1:3000/login'), context(), user)
    expect(await readSessionUser(request('http://127.0.0.1:3000/', cookie), context())).toEqual(user)
    expect(await readSessionUser(request('http://127.0.0.1:3000/'), context())).toBeNull()
    const forged = `tl_session=${Buffer.from(JSON.stringify('x'.repeat(43))).toString('base64')}`
    expect(await readSessionUser(request('http://127.0.0.1:3000/', forged), context())).toBeNull()
    expect(await readSessionUser(request('http://127.0.0.1:3000/', 'tl_session=%%%'), context())).toBeNull()
  })

  it('ends a session server-side: the old cookie no longer signs in', async () => {
    const cookie = await startSession(request('http://127.0.0.1:3000/login'), context(), user)
    const cleared = await endSession(request('http://127.0.0.1:3000/logout', cookie), context())
    expect(cleared).toMatch(
      /^tl_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
    )
    expect(await readSessionUser(request('http://127.0.0.1:3000/', cookie), context())).toBeNull()
  })

  it('expires a session SESSION_TTL_MS after sign-in, on the app clock', async () => {
    const cookie = await startSession(request('http://127.0.0.1:3000/login'), context(), user)
    const signedInAt = clock
    clock = new Date(signedInAt.getTime() + SESSION_TTL_MS - 1)
    expect(await readSessionUser(request('http://127.0.0.1:3000/', cookie), context())).toEqual(user)
    clock = new Date(signedInAt.getTime() + SESSION_TTL_MS)
    expect(await readSessionUser(request('http://127.0.0.1:3000/', cookie), context())).toBeNull()
  })
})
