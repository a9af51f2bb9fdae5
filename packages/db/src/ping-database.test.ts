import { afterAll, describe, expect, it } from 'vitest'
import { createDb } from './knex'
import { pingDatabase } from './ping-database'

const live = createDb(process.env.DATABASE_URL as string)
// Port 9 (discard) on localhost: nothing speaks Postgres there.
const dead = createDb('postgres://nobody:nothing@127.0.0.1:9/none', { pool: { min: 0, max: 1 } })
afterAll(async () => {
  await Promise.all([live.destroy(), dead.destroy()])
})

describe('pingDatabase', () => {
  it('resolves against a running database and rejects when none answers', async () => {
    await expect(pingDatabase(live)).resolves.toBeUndefined()
    await expect(pingDatabase(dead)).rejects.toThrow()
  })
})
