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
  return query
}
