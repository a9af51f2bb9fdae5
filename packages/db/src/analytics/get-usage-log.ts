import type { AppliedPrices, BudgetCheckResult, Category, PriceSource, Usd } from '@tokenledger/domain'
import type { OverrideStatus } from '../budgets/overrides'
import type { Db } from '../knex'
import { monthPartition } from '../partitions/month-partition'

export interface UsageLogDetail {
  id: number
  createdAt: Date
  provider: string
  model: string
  category: Category
  purposeDetail: string | null
  taskType: string | null
  loggable: { type: string; id: string | null } | null
  promptTokens: number
  completionTokens: number
  totalTokens: number
  cachedTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  /** null: unpriced. */
  cost: Usd | null
  costSource: PriceSource | null
  /** The prices the cost was computed with (per million tokens), as stored on the row. */
  prices: AppliedPrices | null
  durationMs: number | null
  success: boolean
  errorMessage: string | null
  metadata: Record<string, unknown>
  /** Stored after redaction: sensitive values read `[REDACTED:<type>]`. */
  promptContent: string | null
  responseContent: string | null
  contentRedacted: boolean
  /** Replacements per type, e.g. { email: 2 }. */
  redactionSummary: Record<string, number>
  idempotencyKey: string | null
  organization: { id: number; name: string; slug: string }
  /** An app's user may have no name and no email, only its external id (see packages/db/src/directory). */
  user: { id: number; name: string | null; email: string | null; externalId: string | null } | null
  project: { id: number; name: string; externalId: string | null } | null
  document: { id: number; name: string; externalId: string | null } | null
  apiKey: { id: number; name: string; prefix: string; revoked: boolean } | null
  budgetOverride: boolean
  /** Who confirmed the override this call went ahead under. */
  overrideBy: { id: number; name: string | null; email: string | null; externalId: string | null } | null
  override: {
    id: string
    status: OverrideStatus
    estimatedCost: Usd | null
    check: BudgetCheckResult
    requestedAt: Date
    decidedAt: Date | null
    usedAt: Date | null
  } | null
}

/**
 * One log row with everything the detail page shows, or null. `at`, when the caller has it (the log
 * list's link carries the row's `created_at`), is any instant of the row's UTC month: the read then
 * opens only that month's partition instead of probing every month's primary key. A row not in
 * that month (an old or edited link) is still found, by id alone.
 */
export async function getUsageLog(
  db: Db,
  id: number,
  options: { at?: Date | null } = {},
): Promise<UsageLogDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null
  const at = options.at && !Number.isNaN(options.at.getTime()) ? options.at : null
  const month = at ? monthOfInstant(at) : null
  const row = (month ? await readLog(db, id, month) : undefined) ?? (await readLog(db, id, null))
  if (!row) return null
  return toDetail(row)
}

/** The month partition holding `at` (UTC), or null for a date outside years 0001-9999. */
function monthOfInstant(at: Date): { from: string; to: string } | null {
  const year = at.getUTCFullYear()
  if (year < 1 || year > 9999) return null
  return monthPartition(`${String(year).padStart(4, '0')}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`)
}

// biome-ignore lint/suspicious/noExplicitAny: a joined row as knex returns it
async function readLog(db: Db, id: number, month: { from: string; to: string } | null): Promise<any> {
  const query = db('ai_usage_logs as l')
    .join('organizations as o', 'o.id', 'l.organization_id')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .leftJoin('documents as d', 'd.id', 'l.document_id')
    .leftJoin('api_keys as k', 'k.id', 'l.api_key_id')
    .leftJoin('users as ob', 'ob.id', 'l.budget_override_by')
    .leftJoin('budget_overrides as bo', 'bo.id', 'l.budget_override_id')
    .where('l.id', id)
  if (month) query.where('l.created_at', '>=', month.from).where('l.created_at', '<', month.to)
  return query.first(
    'l.*',
    'o.name as organization_name',
    'o.slug as organization_slug',
    'u.name as user_name',
    'u.email as user_email',
    'u.external_id as user_external_id',
    'p.name as project_name',
    'p.external_id as project_external_id',
    'd.name as document_name',
    'd.external_id as document_external_id',
    'k.name as api_key_name',
    'k.prefix as api_key_prefix',
    'k.revoked_at as api_key_revoked_at',
    'ob.name as override_by_name',
    'ob.email as override_by_email',
    'ob.external_id as override_by_external_id',
    'bo.status as override_status',
    'bo.estimated_cost as override_estimated_cost',
    'bo.check_result as override_check',
    'bo.requested_at as override_requested_at',
    'bo.decided_at as override_decided_at',
    'bo.used_at as override_used_at',
  )
}

// biome-ignore lint/suspicious/noExplicitAny: a joined row as knex returns it
function toDetail(row: any): UsageLogDetail {
  return {
    id: row.id,
    createdAt: row.created_at,
    provider: row.provider,
    model: row.model,
    category: row.category,
    purposeDetail: row.purpose_detail,
    taskType: row.task_type,
    loggable: row.loggable_type ? { type: row.loggable_type, id: row.loggable_id } : null,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    totalTokens: row.total_tokens,
    cachedTokens: row.cached_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    reasoningTokens: row.reasoning_tokens,
    cost: row.cost,
    costSource: row.cost_source,
    prices: row.prices,
    durationMs: row.duration_ms,
    success: row.success,
    errorMessage: row.error_message,
    metadata: row.metadata ?? {},
    promptContent: row.prompt_content,
    responseContent: row.response_content,
    contentRedacted: row.content_redacted,
    redactionSummary: row.redaction_summary ?? {},
    idempotencyKey: row.idempotency_key,
    organization: { id: row.organization_id, name: row.organization_name, slug: row.organization_slug },
    user:
      row.user_id != null
        ? { id: row.user_id, name: row.user_name, email: row.user_email, externalId: row.user_external_id }
        : null,
    project:
      row.project_id != null
        ? { id: row.project_id, name: row.project_name, externalId: row.project_external_id }
        : null,
    document:
      row.document_id != null
        ? { id: row.document_id, name: row.document_name, externalId: row.document_external_id }
        : null,
    apiKey:
      row.api_key_id != null
        ? {
            id: row.api_key_id,
            name: row.api_key_name,
            prefix: row.api_key_prefix,
            revoked: row.api_key_revoked_at != null,
          }
        : null,
    budgetOverride: row.budget_override,
    overrideBy:
      row.budget_override_by != null
        ? {
            id: row.budget_override_by,
            name: row.override_by_name,
            email: row.override_by_email,
            externalId: row.override_by_external_id,
          }
        : null,
    override: row.budget_override_id
      ? {
          id: row.budget_override_id,
          status: row.override_status,
          estimatedCost: row.override_estimated_cost,
          check: row.override_check,
          requestedAt: row.override_requested_at,
          decidedAt: row.override_decided_at,
          usedAt: row.override_used_at,
        }
      : null,
  }
}
