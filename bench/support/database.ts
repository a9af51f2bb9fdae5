import type { Db } from '@tokenledger/db'
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

/**
 * Removes a benchmark's tenant from a database it does not own (DATABASE_URL): its logs, the users
 * of the organization and the organization itself.
 */
export async function removeTenant(db: Db, organizationId: number): Promise<void> {
  await db('ai_usage_logs').where({ organization_id: organizationId }).delete()
  await db('users')
    .whereIn('id', db('organization_user').select('user_id').where({ organization_id: organizationId }))
    .delete()
  await db('organizations').where({ id: organizationId }).delete()
}
