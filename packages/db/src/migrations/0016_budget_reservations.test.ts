import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { createTenant } from '../testing'
import { rollBackThrough } from '../testing/roll-back-through'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await migrateLatest(db)
  await db.destroy()
})

const at = new Date('2031-01-01T10:00:00Z')
const later = new Date('2031-01-01T10:05:00Z')

describe('0016_budget_reservations', () => {
  it('keeps exact positive amounts that expire after they are made, and goes with their scopes', async () => {
    const tenant = await createTenant(db, 'Reservation Table')
    const base = { organization_id: tenant.organizationId, created_at: at, expires_at: later }
    const [row] = await db('budget_reservations')
      .insert({ ...base, user_id: tenant.userId, project_id: tenant.projectId, amount: '0.000000000001' })
      .returning(['id', 'amount'])
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(row.amount).toBe('0.000000000001')
    await expect(db('budget_reservations').insert({ ...base, amount: '0' })).rejects.toThrow(
      /check constraint/,
    )
    await expect(db('budget_reservations').insert({ ...base, amount: '1', expires_at: at })).rejects.toThrow(
      /check constraint/,
    )
    // Deleting the project deletes what its calls held.
    await db('documents').where({ project_id: tenant.projectId }).delete()
    await db('projects').where({ id: tenant.projectId }).delete()
    expect(await db('budget_reservations').where({ id: row.id }).first()).toBeUndefined()
  })

  it('rolls back and forth', async () => {
    await rollBackThrough(db, '0016_budget_reservations')
    expect(await db.schema.hasTable('budget_reservations')).toBe(false)
    await migrateLatest(db)
    expect(await db.schema.hasTable('budget_reservations')).toBe(true)
  })
})
