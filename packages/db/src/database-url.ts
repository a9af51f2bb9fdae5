import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres'

/** Where Tokenledger keeps local state (the embedded Postgres data). Git-ignored. */
export const HOME_DIR =
  process.env.TOKENLEDGER_HOME ?? fileURLToPath(new URL('../../../.tokenledger/', import.meta.url))

export const DEFAULT_DATABASE = 'tokenledger'

export interface ResolvedDatabase {
  url: string
  embedded: boolean
  /** Stops the embedded server when this process started it. */
  release: () => Promise<void>
}

/**
 * `DATABASE_URL` when set; otherwise the embedded PostgreSQL under `.tokenledger/postgres`,
 * started on a free port if no other Tokenledger process runs it already.
 */
export async function resolveDatabase(log: (line: string) => void = () => {}): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv) return { url: fromEnv, embedded: false, release: async () => {} }
  const server: EmbeddedServer = await startEmbeddedPostgres(`${HOME_DIR}postgres`, log)
  await createDatabaseIfMissing(server.url('postgres'), DEFAULT_DATABASE)
  return { url: server.url(DEFAULT_DATABASE), embedded: true, release: server.stop }
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
