import knexFactory from 'knex'
import type { Db } from './knex'
import { migrationSource } from './migrations'

const config = { migrationSource, tableName: 'knex_migrations' }

/** Runs every pending migration; returns the names applied. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest(config)
  return applied as string[]
}

/** Rolls back every migration (down to an empty schema); returns the names reverted. */
export async function migrateRollbackAll(db: Db): Promise<string[]> {
  const [, reverted] = await db.migrate.rollback(config, true)
  return reverted as string[]
}

export async function migrationStatus(db: Db): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = await db.migrate.list(config)
  return {
    applied: (applied as Array<{ name: string }>).map((m) => m.name),
    pending: (pending as Array<[string, unknown]>).map(([name]) => name),
  }
}

/**
 * Runs every pending migration on the database at `url` with a connection of its own (closed at the
 * end): for migrating as the schema owner while the application queries with another role.
 */
export async function migrateLatestAt(url: string): Promise<string[]> {
  const db = knexFactory({ client: 'pg', connection: { connectionString: url }, pool: { min: 0, max: 1 } })
  try {
    return await migrateLatest(db)
  } finally {
    await db.destroy()
  }
}
