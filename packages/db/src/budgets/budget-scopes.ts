import type { Db } from '../knex'

export interface BudgetScopeOption {
  id: number
  name: string
  /** The organization's accounts (an app's users, named by external id, are typed in instead). */
  members: Array<{ id: number; name: string; email: string }>
  projects: Array<{ id: number; name: string }>
  /** Keys not revoked. */
  apiKeys: Array<{ id: number; name: string; prefix: string }>
}

/**
 * Every organization (by name) with what a new budget can be for inside it: its member accounts,
 * its projects and its API keys, each by name. An app's own users can be many; the form takes
 * their external id rather than listing them.
 */
export async function listBudgetScopes(db: Db): Promise<BudgetScopeOption[]> {
  const [organizations, members, projects, apiKeys] = await Promise.all([
    db('organizations')
      .orderBy([{ column: 'name' }, { column: 'id' }])
      .select('id', 'name'),
    db('organization_user as ou')
      .join('users as u', 'u.id', 'ou.user_id')
      .whereNull('u.external_id')
      .orderBy([{ column: 'u.name' }, { column: 'u.id' }])
      .select('ou.organization_id', 'u.id', 'u.name', 'u.email'),
    db('projects')
      .orderBy([{ column: 'name' }, { column: 'id' }])
      .select('organization_id', 'id', 'name'),
    db('api_keys')
      .whereNull('revoked_at')
      .orderBy([{ column: 'name' }, { column: 'id' }])
      .select('organization_id', 'id', 'name', 'prefix'),
  ])
  const byOrg = new Map<number, BudgetScopeOption>(
    organizations.map((o: { id: number; name: string }) => [
      o.id,
      { id: o.id, name: o.name, members: [], projects: [], apiKeys: [] },
    ]),
  )
  for (const m of members)
    byOrg.get(m.organization_id)?.members.push({ id: m.id, name: m.name ?? '', email: m.email ?? '' })
  for (const p of projects) byOrg.get(p.organization_id)?.projects.push({ id: p.id, name: p.name })
  for (const k of apiKeys)
    byOrg.get(k.organization_id)?.apiKeys.push({ id: k.id, name: k.name, prefix: k.prefix })
  return [...byOrg.values()]
}
