import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startEmbeddedPostgres } from './embedded-postgres'
import { prepareAppDatabase } from './embedded-postgres-roles'

/** Where Tokenledger keeps local state (the embedded Postgres data and its passwords). Git-ignored. */
export const HOME_DIR = fileURLToPath(new URL('../../../.tokenledger/', import.meta.url))

/** `TOKENLEDGER_HOME` when set (read at each call, so tests and tools may point it elsewhere), else HOME_DIR. */
export function tokenledgerHome(): string {
  return process.env.TOKENLEDGER_HOME || HOME_DIR
}

export const DEFAULT_DATABASE = 'tokenledger'

export interface ResolvedDatabase {
  /** For the application's queries (api, admin, worker, CLI): on the embedded server, rows only. */
  url: string
  /**
   * For migrations (ours and graphile-worker's): on the embedded server the role owning the schema.
   * The same as `url` with DATABASE_URL.
   */
  ownerUrl: string
  embedded: boolean
  /** Stops the embedded server when this process started it. */
  release: () => Promise<void>
}

/**
 * `DATABASE_URL` when set; otherwise the embedded PostgreSQL under `TOKENLEDGER_HOME/postgres`,
 * started if no other Tokenledger process runs it already, reached through its Unix socket.
 */
export async function resolveDatabase(log: (line: string) => void = () => {}): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv) return { url: fromEnv, ownerUrl: fromEnv, embedded: false, release: async () => {} }
  const server = await startEmbeddedPostgres(`${tokenledgerHome().replace(/\/?$/, '/')}postgres`, log)
  try {
    await prepareAppDatabase(server, DEFAULT_DATABASE)
  } catch (error) {
    await server.stop()
    throw error
  }
  return {
    url: server.url(DEFAULT_DATABASE, 'app'),
    ownerUrl: server.url(DEFAULT_DATABASE, 'owner'),
    embedded: true,
    release: server.stop,
  }
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`)
  } catch (error) {
    // Another process may have created it between the check and the create.
    if ((error as { code?: string }).code !== '42P04') throw error
  } finally {
    await client.end()
  }
}
