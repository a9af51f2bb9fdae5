import type { Knex } from 'knex'

/** Narrows a query to one organization when the scope names one. */
export function whereOrganization(
  query: Knex.QueryBuilder,
  organizationId: number | null | undefined,
  column = 'organization_id',
): Knex.QueryBuilder {
  return organizationId == null ? query : query.where(column, organizationId)
}
