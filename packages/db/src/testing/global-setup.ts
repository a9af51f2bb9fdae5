import { createTestDatabase } from './test-database'

/** vitest globalSetup: every test in the package sees DATABASE_URL pointing at its own fresh database. */
export default async function setup(): Promise<() => Promise<void>> {
  const database = await createTestDatabase()
  process.env.DATABASE_URL = database.url
  return database.drop
}
