import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { queryPrepared } from './prepared-query'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 2 } })
})
afterAll(async () => {
  await db.destroy()
})

describe('queryPrepared', () => {
  it('runs the same named statement again and again, across the pool, with its parameters', async () => {
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        queryPrepared<{ n: number; t: string }>(
          db,
          'test.prepared',
          'select $1::int + 1 as n, $2::text as t',
          [i, `x${i}`],
        ),
      ),
    )
    expect(runs).toEqual(Array.from({ length: 6 }, (_, i) => [{ n: i + 1, t: `x${i}` }]))
  })

  it('gives its connection back when the statement fails', async () => {
    for (let i = 0; i < 3; i++)
      await expect(queryPrepared(db, 'test.failing', 'select 1 / $1::int', [0])).rejects.toThrow(
        /division by zero/,
      )
    expect(await queryPrepared(db, 'test.after', 'select 1 as one', [])).toEqual([{ one: 1 }])
  })

  it('refuses to run outside a transaction it was given', async () => {
    await db.transaction(async (trx) => {
      await expect(queryPrepared(trx, 'test.trx', 'select 1', [])).rejects.toThrow(/not in a transaction/)
    })
  })
})
