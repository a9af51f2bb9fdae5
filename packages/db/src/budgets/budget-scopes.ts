import type { Db } from '../knex'

export interface BudgetScopeOption {
  id: number
  name: string
  members: Array<{ id: number; name: string; email: string }>
}

/** Every organization (by name) with its members (by name): who a new budget can be for. */
export async function listBudgetScopes(db: Db): Promise<BudgetScopeOption[]> {
  const rows: Array<{
    organization_id: number
    organization_name: string
    user_id: number | null
    user_name: string | null
    user_email: string | null
  }> = await db('organizations as o')
    .leftJoin('organization_user as ou', 'ou.organization_id', 'o.id')
    .leftJoin('users as u', 'u.id', 'ou.user_id')
    .select(
      'o.id as organization_id',
      'o.name as organization_name',
      'u.id as user_id',
      'u.name as user_name',
      'u.email as user_email',
    )
    .orderBy([{ column: 'o.name' }, { column: 'o.id' }, { column: 'u.name' }])
  const organizations = new Map<number, BudgetScopeOption>()
  for (const row of rows) {
    const org = organizations.get(row.organization_id) ?? {
      id: row.organization_id,
      name: row.organization_name,
      members: [],
    }
    if (row.user_id != null)
      org.members.push({ id: row.user_id, name: row.user_name ?? '', email: row.user_email ?? '' })
    organizations.set(row.organization_id, org)
  }
  return [...organizations.values()]
}
