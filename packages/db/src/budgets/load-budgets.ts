import type { Budget } from '@tokenledger/domain'
import type { ModelObject } from 'objection'
import type { Db } from '../knex'
import { AiBudget } from '../models/ai-budget'

/** The domain's budget from a row (a model or a plain knex row: only the columns are read). */
export function toBudget(row: ModelObject<AiBudget>): Budget {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    monthlyLimit: row.monthly_limit,
    warningThreshold: row.warning_threshold,
    currentMonthUsage: row.current_month_usage,
    currentPeriodStart: row.current_period_start,
    isActive: row.is_active,
    allowOverride: row.allow_override,
  }
}

/** The budgets a call of this organization (and user, if any) falls under: the organization's and the user's. */
export async function loadApplicableBudgets(
  db: Db,
  organizationId: number,
  userId: number | null,
): Promise<Budget[]> {
  const rows = await AiBudget.query(db)
    .where({ organization_id: organizationId })
    .where((q) => {
      q.whereNull('user_id')
      if (userId != null) q.orWhere('user_id', userId)
    })
    .orderBy('id')
  return rows.map(toBudget)
}
