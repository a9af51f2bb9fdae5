import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { rollBackThrough } from '../testing/roll-back-through'

let db: Db
const model = `m-0015-${Date.now()}`

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await migrateLatest(db)
  await db('reprice_runs').where({ model }).delete()
  await db.destroy()
})

describe('0015_reprice_runs', () => {
  it('keeps one queued or running reprice per model, of a known status, over an ordered range', async () => {
    const run = { model, from_day: '2026-01-01', to_day: '2026-01-31' }
    await db('reprice_runs').insert(run)
    await expect(db('reprice_runs').insert(run)).rejects.toThrow(/reprice_runs_one_active_per_model/)
    await db('reprice_runs').where({ model }).update({ status: 'finished' })
    await db('reprice_runs').insert({ ...run, status: 'running' })
    await expect(db('reprice_runs').insert({ ...run, status: 'paused' })).rejects.toThrow(/check constraint/)
    await expect(
      db('reprice_runs').insert({ ...run, status: 'failed', from_day: '2026-02-01' }),
    ).rejects.toThrow(/check constraint/)
  })

  it('rolls back and forth', async () => {
    await rollBackThrough(db, '0015_reprice_runs')
    expect(await db.schema.hasTable('reprice_runs')).toBe(false)
    await migrateLatest(db)
    expect(await db.schema.hasTable('reprice_runs')).toBe(true)
  })
})
