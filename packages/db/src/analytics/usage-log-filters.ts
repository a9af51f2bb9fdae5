import type { Category } from '@tokenledger/domain'
import { addUtcDays } from '@tokenledger/domain'
import type { Knex } from 'knex'

/** What the log list can be narrowed to; every field is optional and they combine with AND. */
export interface UsageLogFilters {
  /** 'YYYY-MM-DD' (UTC), included. */
  from?: string | null
  /** 'YYYY-MM-DD' (UTC), included. */
  to?: string | null
  organizationId?: number | null
  userId?: number | null
  projectId?: number | null
  documentId?: number | null
  category?: Category | null
  provider?: string | null
  model?: string | null
  /** true: successful calls only; false: failed calls only. */
  success?: boolean | null
  /** true: calls made under a budget override only; false: the others. */
  overridden?: boolean | null
  /**
   * The app's own id of the call's user, project or document, matched exactly (case matters):
   * within `organizationId` when one is set, otherwise in every organization.
   */
  externalId?: string | null
  /** Text the purpose detail contains, case-insensitive (`%` and `_` match themselves). */
  purpose?: string | null
}

/** Applies the filters to a query over `ai_usage_logs` aliased `alias`. */
export function applyUsageLogFilters(
  query: Knex.QueryBuilder,
  filters: UsageLogFilters,
  alias = 'l',
): Knex.QueryBuilder {
  const c = (column: string) => `${alias}.${column}`
  if (filters.from) query.where(c('created_at'), '>=', `${filters.from}T00:00:00.000Z`)
  if (filters.to) query.where(c('created_at'), '<', `${addUtcDays(filters.to, 1)}T00:00:00.000Z`)
  if (filters.organizationId != null) query.where(c('organization_id'), filters.organizationId)
  if (filters.userId != null) query.where(c('user_id'), filters.userId)
  if (filters.projectId != null) query.where(c('project_id'), filters.projectId)
  if (filters.documentId != null) query.where(c('document_id'), filters.documentId)
  if (filters.category) query.where(c('category'), filters.category)
  if (filters.provider) query.where(c('provider'), filters.provider)
  if (filters.model) query.where(c('model'), filters.model)
  if (filters.success != null) query.where(c('success'), filters.success)
  if (filters.overridden != null) query.where(c('budget_override'), filters.overridden)
  if (filters.externalId) whereExternalId(query, c, filters.externalId, filters.organizationId ?? null)
  if (filters.purpose)
    query.whereRaw(`${c('purpose_detail')} ilike ? escape '\\'`, [containing(filters.purpose)])
  return query
}

/**
 * Calls whose user, project or document carries the external id. Each side is `= any(array(…))`:
 * the ids are looked up once (an init plan on the `(organization_id, external_id)` unique index)
 * and the log rows are then found through the log's own user/project/document indexes. Without an
 * organization, the lookup walks the organizations and probes that index for each, so it stays an
 * index lookup however many app users there are (external ids are unique per organization only).
 */
function whereExternalId(
  query: Knex.QueryBuilder,
  c: (column: string) => string,
  externalId: string,
  organizationId: number | null,
): void {
  const ids = (table: 'users' | 'projects' | 'documents') =>
    organizationId != null
      ? `array(select x.id from ${table} x where x.organization_id = ? and x.external_id = ?)`
      : `array(select x.id from organizations o join ${table} x on x.organization_id = o.id and x.external_id = ?)`
  const bindings = organizationId != null ? [organizationId, externalId] : [externalId]
  query.where((q) =>
    q
      .whereRaw(`${c('user_id')} = any(${ids('users')})`, bindings)
      .orWhereRaw(`${c('project_id')} = any(${ids('projects')})`, bindings)
      .orWhereRaw(`${c('document_id')} = any(${ids('documents')})`, bindings),
  )
}

/** An ILIKE pattern matching any text that contains `text` literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}
