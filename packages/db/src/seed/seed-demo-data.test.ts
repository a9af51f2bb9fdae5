import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { DEMO_APP_USERS, DEMO_UNPRICED_MODEL } from './demo-catalog'
import { isSeeded, seedDemoData } from './seed-demo-data'

const NOW = new Date('2026-03-18T15:00:00.000Z')
let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(() => db.destroy())

/** Seeds inside a transaction that is rolled back, so the package's other tests never see the demo. */
async function seededThenRolledBack<T>(read: (trx: Db) => Promise<T>): Promise<T> {
  let result: T | undefined
  await db
    .transaction(async (trx) => {
      await seedDemoData(trx, { days: 3, now: NOW, adminPassword: 'demo-password-123' })
      result = await read(trx)
      throw new Error('roll back')
    })
    .catch((error: Error) => {
      if (error.message !== 'roll back') throw error
    })
  return result as T
}

const appUsers = (trx: Db) =>
  trx('users as u')
    .join('organizations as o', 'o.id', 'u.organization_id')
    .join('organization_user as ou', (j) => j.on('ou.user_id', 'u.id').andOn('ou.organization_id', 'o.id'))
    .leftJoin('ai_usage_logs as l', 'l.user_id', 'u.id')
    .whereNotNull('u.external_id')
    // Only the demo's organizations: other test files leave app users of their own in this database.
    .whereIn('o.slug', Object.keys(DEMO_APP_USERS))
    .groupBy('o.slug', 'u.external_id', 'u.name', 'u.email')
    .orderBy(['o.slug', 'u.external_id'])
    .select('o.slug', 'u.external_id', 'u.name', 'u.email', trx.raw('count(l.id)::int as calls'))

describe('the demo app users', () => {
  it("creates each organization's app users by external id, as members that make calls", async () => {
    const { rows, seeded } = await seededThenRolledBack(async (trx) => ({
      rows: await appUsers(trx),
      seeded: await isSeeded(trx),
    }))
    expect(seeded).toBe(true)
    const expected = Object.entries(DEMO_APP_USERS).flatMap(([slug, users]) =>
      users.map((u) => ({ slug, external_id: u.externalId, name: u.name ?? null, email: u.email ?? null })),
    )
    expect(rows.map(({ calls, ...user }: { calls: number }) => user)).toEqual(
      expect.arrayContaining(expected),
    )
    expect(rows).toHaveLength(expected.length)
    // A nameless, emailless app user is there to be shown by its id.
    expect(rows.some((r: { name: string | null; email: string | null }) => !r.name && !r.email)).toBe(true)
    expect(rows.filter((r: { calls: number }) => r.calls > 0).length).toBeGreaterThan(expected.length / 2)
  })

  it('seeds the same demo every time', async () => {
    const first = await seededThenRolledBack(appUsers)
    const second = await seededThenRolledBack(appUsers)
    expect(second).toEqual(first)
  })

  it('has a model no catalog prices, so the unpriced list and warning have something to show', async () => {
    const rows = await seededThenRolledBack((trx) =>
      trx('ai_usage_logs as l')
        .join('organizations as o', 'o.id', 'l.organization_id')
        .where({ 'l.provider': DEMO_UNPRICED_MODEL.provider, 'l.model': DEMO_UNPRICED_MODEL.model })
        .select('o.slug', 'l.cost', 'l.created_at'),
    )
    // Two calls a day over the three days seeded here, all in the first organization, none priced.
    expect(rows).toHaveLength(DEMO_UNPRICED_MODEL.callsPerDay * 3)
    expect(new Set(rows.map((r: { slug: string }) => r.slug))).toEqual(new Set(['acme']))
    expect(rows.every((r: { cost: string | null }) => r.cost == null)).toBe(true)
    expect(rows.every((r: { created_at: Date }) => r.created_at < NOW)).toBe(true)
  })
})
