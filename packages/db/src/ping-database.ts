import type { Db } from './knex'

/** Resolves when the database answers a query; rejects with the driver's error when it does not. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.raw('select 1')
}
