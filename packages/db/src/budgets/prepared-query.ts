import type { Db } from '../knex'

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>
}

/**
 * Runs a statement on the hot path as a named prepared statement on one of the pool's
 * connections: PostgreSQL parses it once per connection (not on every call) and knex's query
 * building and event plumbing, about as long as the query itself on a loaded machine, are
 * skipped. `text` uses `$1…$n`. Not for a transaction (it would run outside it).
 */
export async function queryPrepared<Row>(
  db: Db,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  if (db.isTransaction)
    throw new Error(`queryPrepared(${name}) runs on its own connection, not in a transaction`)
  const client = db.client as {
    acquireConnection(): Promise<PgConnection>
    releaseConnection(connection: PgConnection): Promise<void>
  }
  const connection = await client.acquireConnection()
  try {
    const { rows } = await connection.query({ name, text, values })
    return rows as Row[]
  } finally {
    await client.releaseConnection(connection)
  }
}
