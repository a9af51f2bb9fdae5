import type { Knex } from 'knex'

/**
 * Read-only lookup for the budget procedures: a project the organization has never seen has no
 * budget of its own, so a check (or an override request) needs no row created — null means only
 * the other scopes' budgets apply.
 */
export async function findProjectIdByExternalId(
  db: Knex,
  organizationId: number,
  externalId: string,
): Promise<number | null> {
  const row = await db('projects')
    .where({ organization_id: organizationId, external_id: externalId })
    .first('id')
  return row?.id ?? null
}
