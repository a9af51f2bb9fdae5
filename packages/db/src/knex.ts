import knexFactory, { type Knex } from 'knex'
import pg from 'pg'

// bigint ids and counts fit comfortably in a JS number; numeric (money) stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))
// `date` columns are calendar days, not instants: keep them as 'YYYY-MM-DD'.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)

export type Db = Knex

export function createDb(url: string, options: { pool?: { min?: number; max?: number } } = {}): Db {
  const db = knexFactory({
    client: 'pg',
    connection: { connectionString: url },
    pool: { min: 0, max: 10, ...options.pool },
  })
  return db
}
