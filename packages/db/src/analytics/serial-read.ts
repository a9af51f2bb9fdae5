import type { Knex } from 'knex'
import type { Db } from '../knex'

/**
 * Runs a dashboard read in a transaction that keeps PostgreSQL from starting parallel workers for
 * it. These reads group a few thousand rollup rows and one day of logs, yet the planner still
 * picks parallel plans, and starting the workers costs more than the work: on the benchmark's 1 M
 * logs, cost by category took 2.2 ms (median of 40) without them against 6-10 ms with them, and
 * more under load. `set local` ends with the transaction.
 */
export function withoutParallelWorkers<T>(db: Db, read: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw('set local max_parallel_workers_per_gather = 0')
    return read(trx)
  })
}
