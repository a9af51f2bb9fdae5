import { type Budget, type BudgetPeriod, isBudgetPeriod } from '@tokenledger/domain'
import type { ModelObject } from 'objection'
import type { Db } from '../knex'
import { AiBudget } from '../models/ai-budget'

/** The domain's budget from a row (a model or a plain knex row: only the columns are read). */
export function toBudget(row: ModelObject<AiBudget>): Budget {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    projectId: row.project_id,
    apiKeyId: row.api_key_id,
    monthlyLimit: row.monthly_limit,
    warningThreshold: row.warning_threshold,
    currentMonthUsage: row.current_month_usage,
    currentPeriodStart: row.current_period_start,
    period: toPeriod(row.period),
    timeZone: row.period_time_zone,
    isActive: row.is_active,
    allowOverride: row.allow_override,
  }
}

function toPeriod(value: string): BudgetPeriod {
  if (!isBudgetPeriod(value)) throw new Error(`ai_budgets.period holds an unknown period: "${value}"`)
  return value
}

/** What a call is made for besides its organization and user: its project and the API key calling. */
export interface CallScopes {
  projectId?: number | null
  apiKeyId?: number | null
}

/**
 * The budgets a call of this organization falls under: the organization's, and the budgets of its
 * user, project and API key when it has them — of every period.
 */
export async function loadApplicableBudgets(
  db: Db,
  organizationId: number,
  userId: number | null,
  scopes: CallScopes = {},
): Promise<Budget[]> {
  const rows = await AiBudget.query(db)
    .where({ organization_id: organizationId })
    .where((q) => {
      q.whereNull('user_id').whereNull('project_id').whereNull('api_key_id')
      if (userId != null) q.orWhere('user_id', userId)
      if (scopes.projectId != null) q.orWhere('project_id', scopes.projectId)
      if (scopes.apiKeyId != null) q.orWhere('api_key_id', scopes.apiKeyId)
    })
    .orderBy('id')
  return rows.map(toBudget)
}

/** Budgets by id within an organization (those a stored check named). */
export async function loadBudgetsById(db: Db, organizationId: number, ids: number[]): Promise<Budget[]> {
  if (!ids.length) return []
  const rows = await AiBudget.query(db).where({ organization_id: organizationId }).whereIn('id', ids)
  return rows.map(toBudget)
}
