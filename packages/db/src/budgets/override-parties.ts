import type { Db } from '../knex'

/** The names an override page shows: whose organization and which user; null for one deleted since. */
export async function findOverrideParties(
  db: Db,
  override: { organizationId: number; userId: number },
): Promise<{ organizationName: string | null; userName: string | null }> {
  const [organization, user] = await Promise.all([
    db('organizations').where({ id: override.organizationId }).first('name'),
    db('users').where({ id: override.userId }).first('name'),
  ])
  return { organizationName: organization?.name ?? null, userName: user?.name ?? null }
}
