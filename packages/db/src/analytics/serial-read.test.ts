import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { withoutParallelWorkers } from './serial-read'

let db: Db
beforeAll(() => {
  // One connection, so the read after the transaction runs where the setting was made.
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 1, max: 1 } })
})
afterAll(() => db.destroy())

const workers = async (q: Db) =>
  (await q.raw('show max_parallel_workers_per_gather')).rows[0].max_parallel_workers_per_gather as string

describe('withoutParallelWorkers', () => {
  it('reads with no parallel workers, and leaves the connection as it was', async () => {
    const before = await workers(db)
    expect(before).not.toBe('0')
    expect(await withoutParallelWorkers(db, (trx) => workers(trx))).toBe('0')
    expect(await workers(db)).toBe(before)
  })

  it('passes the read’s result and errors through', async () => {
    expect(await withoutParallelWorkers(db, async () => 42)).toBe(42)
    await expect(withoutParallelWorkers(db, (trx) => trx.raw('select 1/0'))).rejects.toThrow(
      /division by zero/,
    )
    expect(await workers(db)).not.toBe('0')
  })
})
