import { createTestDatabase, type TestDatabase } from '@tokenledger/db/testing'

export interface BenchDatabase {
  url: string
  /** What to print: `DATABASE_URL` or a throwaway embedded PostgreSQL. */
  label: string
  /** Drops the throwaway database (a no-op on DATABASE_URL, where the benchmark cleans up its own rows). */
  drop: () => Promise<void>
  throwaway: boolean
}

/** DATABASE_URL when set, otherwise a fresh migrated throwaway database (embedded, or on TEST_DATABASE_URL). */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const given = process.env.DATABASE_URL
  if (given) return { url: given, label: 'DATABASE_URL', drop: async () => {}, throwaway: false }
  const test: TestDatabase = await createTestDatabase()
  return {
    url: test.url,
    label: 'throwaway PostgreSQL (createTestDatabase)',
    drop: test.drop,
    throwaway: true,
  }
}
