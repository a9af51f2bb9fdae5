import { addUtcDays } from '@tokenledger/domain'
import type { Db } from '../knex'
import { dashboardWindow } from './dashboard-window'

export interface UsageLogFilterOptions {
  organizations: Array<{ id: number; name: string }>
  /** The organization's members when one is chosen, else every user (at most 500). */
  users: Array<{ id: number; name: string | null; email: string | null; externalId: string | null }>
  /** The organization's projects when one is chosen, else every project (at most 500). */
  projects: Array<{ id: number; name: string; externalId: string | null; organizationName: string }>
  /** The chosen project's documents (none without a project). */
  documents: Array<{ id: number; name: string; externalId: string | null }>
  /** Providers and models seen in the last 90 days of the daily rollup. */
  providers: string[]
  models: Array<{ provider: string; model: string }>
}

/** The choices the log list's filter form offers, narrowed by the organization and project chosen. */
export async function getUsageLogFilterOptions(
  db: Db,
  input: { now: Date; organizationId?: number | null; projectId?: number | null },
): Promise<UsageLogFilterOptions> {
  const since = addUtcDays(dashboardWindow(input.now).today, -90)
  // An app's user may have no name: those sort after the named ones, by external id.
  const users = db('users as u')
    .select('u.id', 'u.name', 'u.email', 'u.external_id as externalId')
    .orderByRaw('u.name nulls last, u.external_id, u.id')
    .limit(500)
  if (input.organizationId != null)
    users.whereExists(
      db('organization_user as ou')
        .whereRaw('ou.user_id = u.id')
        .where('ou.organization_id', input.organizationId),
    )
  const projects = db('projects as p')
    .join('organizations as o', 'o.id', 'p.organization_id')
    .select('p.id', 'p.name', 'p.external_id', 'o.name as organization_name')
    .orderBy([{ column: 'o.name' }, { column: 'p.name' }])
    .limit(500)
  if (input.organizationId != null) projects.where('p.organization_id', input.organizationId)
  const [organizations, userRows, projectRows, documents, models] = await Promise.all([
    db('organizations').select('id', 'name').orderBy('name'),
    users,
    projects,
    input.projectId != null
      ? db('documents')
          .select('id', 'name', 'external_id as externalId')
          .where('project_id', input.projectId)
          .orderBy('name')
          .limit(500)
      : Promise.resolve([]),
    db('ai_usage_daily')
      .distinct('provider', 'model')
      .where('date', '>=', since)
      .orderBy([{ column: 'provider' }, { column: 'model' }]),
  ])
  return {
    organizations,
    users: userRows,
    projects: projectRows.map(
      (p: { id: number; name: string; external_id: string | null; organization_name: string }) => ({
        id: p.id,
        name: p.name,
        externalId: p.external_id,
        organizationName: p.organization_name,
      }),
    ),
    documents,
    providers: [...new Set(models.map((m: { provider: string }) => m.provider))],
    models,
  }
}
