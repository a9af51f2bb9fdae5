import { createDb, type Db, migrateLatest, resolveDatabase } from '@tokenledger/db'

export const log = (line: string) => console.error(line)

/** Runs `fn` against the configured database (DATABASE_URL or the embedded one), migrated, then cleans up. */
export async function withDatabase<T>(
  fn: (db: Db) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const database = await resolveDatabase(log)
  const db = createDb(database.url)
  try {
    if (options.migrate !== false) await migrateLatest(db)
    return await fn(db)
  } finally {
    await db.destroy()
    await database.release()
  }
}
