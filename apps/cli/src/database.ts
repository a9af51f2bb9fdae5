import { createDb, type Db, migrateLatestAt, resolveDatabase } from '@tokenledger/db'

export const log = (line: string) => console.error(line)

/**
 * Runs `fn` against the configured database (DATABASE_URL or the embedded one), migrated, then cleans
 * up. `fn` gets the application's role (on the embedded server: rows only), or with `asOwner` the
 * role that owns the schema (migrations).
 */
export async function withDatabase<T>(
  fn: (db: Db) => Promise<T>,
  options: { migrate?: boolean; asOwner?: boolean } = {},
): Promise<T> {
  const database = await resolveDatabase(log)
  try {
    if (options.migrate !== false) await migrateLatestAt(database.ownerUrl)
    const db = createDb(options.asOwner ? database.ownerUrl : database.url)
    try {
      return await fn(db)
    } finally {
      await db.destroy()
    }
  } finally {
    await database.release()
  }
}
