import type { Db } from '../knex'
import { migrationSource } from '../migrations'

const config = { migrationSource, tableName: 'knex_migrations' }

/**
 * Rolls back the latest migrations one by one until `name` itself is reverted; returns the names
 * reverted, latest first. A migration's test uses it (then `migrateLatest`) so that it does not
 * depend on being the last migration, nor on the order test files share one database in.
 */
export async function rollBackThrough(db: Db, name: string): Promise<string[]> {
  const [applied] = (await db.migrate.list(config)) as [Array<{ name: string }>, unknown]
  if (!applied.some((m) => m.name === name)) throw new Error(`${name} is not applied`)
  const reverted: string[] = []
  while (reverted.at(-1) !== name) {
    const [, names] = (await db.migrate.down(config)) as [unknown, string[]]
    if (!names.length) throw new Error(`rolled back everything without reaching ${name}`)
    reverted.push(...names)
  }
  return reverted
}
