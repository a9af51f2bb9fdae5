import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createDatabaseIfMissing } from '../database-url'
import { startEmbeddedPostgres } from '../embedded-postgres'
import { createDb } from '../knex'
import { migrateLatest } from '../migrate'

export interface TestDatabase {
  url: string
  drop: () => Promise<void>
}

/**
 * A fresh, migrated database that no one else uses: on the server named by TEST_DATABASE_URL when
 * set (a throwaway database is created and dropped there), otherwise on an embedded PostgreSQL in a
 * temporary directory. Never the demo database.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tokenledger_test_${randomBytes(4).toString('hex')}`
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    await createDatabaseIfMissing(serverUrl, name)
    const url = withDatabase(serverUrl, name)
    await migrate(url)
    return { url, drop: () => dropDatabase(serverUrl, name) }
  }
  // A private home like TOKENLEDGER_HOME: socket only, passwords in a 0600 file. Tests connect as
  // the superuser of this throwaway server (they create and drop databases).
  const dir = await mkdtemp(path.join(tmpdir(), 'tokenledger-test-'))
  const server = await startEmbeddedPostgres(path.join(dir, 'data'))
  await createDatabaseIfMissing(server.url('postgres'), name)
  const url = server.url(name)
  await migrate(url)
  return {
    url,
    drop: async () => {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function migrate(url: string): Promise<void> {
  const db = createDb(url)
  try {
    await migrateLatest(db)
  } finally {
    await db.destroy()
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`)
  } finally {
    await client.end()
  }
}
