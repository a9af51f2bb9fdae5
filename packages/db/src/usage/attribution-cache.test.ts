import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant } from '../testing'
import { AttributionCache } from './attribution-cache'
import { checkAttribution } from './check-attribution'

let db: Db
let queries = 0
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
  db.on('query', () => queries++)
})
afterAll(async () => {
  await db.destroy()
})

describe('checkAttribution with an AttributionCache', () => {
  it('looks up the ids it has not seen, and answers the same from the cache within the ttl', async () => {
    let now = 0
    const cache = new AttributionCache(5_000, () => now)
    const tenant = await createTenant(db, 'Attribution Cache')
    const identity = { organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId }
    const claims = [
      { userId: tenant.userId, documentId: tenant.documentId },
      { projectId: tenant.projectId },
      { projectId: tenant.projectId, documentId: tenant.documentId },
    ]
    const fresh = await checkAttribution(db, identity, claims, cache)
    expect(fresh.every((r) => r.ok)).toBe(true)
    expect(fresh[0]).toMatchObject({ attribution: { projectId: tenant.projectId } })

    const before = queries
    expect(await checkAttribution(db, identity, claims, cache)).toEqual(fresh)
    expect(queries).toBe(before)

    now = 5_000
    expect(await checkAttribution(db, identity, claims, cache)).toEqual(fresh)
    expect(queries).toBe(before + 3)
  })

  it('never keeps an absence, and keeps organizations and their facts apart', async () => {
    const cache = new AttributionCache(60_000)
    const a = await createTenant(db, 'Attribution A')
    const b = await createTenant(db, 'Attribution B')
    const identityA = { organizationId: a.organizationId, apiKeyId: a.apiKeyId }
    const identityB = { organizationId: b.organizationId, apiKeyId: b.apiKeyId }
    expect(await checkAttribution(db, identityA, [{ userId: a.userId }], cache)).toMatchObject([{ ok: true }])
    // A's member named with B's key is refused, however fresh A's fact is.
    expect(await checkAttribution(db, identityB, [{ userId: a.userId }], cache)).toMatchObject([
      { ok: false },
    ])
    // Once the user joins B, the next check finds it: the refusal was not remembered.
    await db('organization_user').insert({ organization_id: b.organizationId, user_id: a.userId, role: 'ic' })
    expect(await checkAttribution(db, identityB, [{ userId: a.userId }], cache)).toMatchObject([{ ok: true }])

    cache.forget(db, a.organizationId)
    const before = queries
    await checkAttribution(db, identityB, [{ userId: a.userId }], cache)
    expect(queries).toBe(before)
    await checkAttribution(db, identityA, [{ userId: a.userId }], cache)
    expect(queries).toBe(before + 1)
  })
})
