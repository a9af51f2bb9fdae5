import type { Usd } from '../money'
import type { BudgetPeriod } from './budget-period'

/** Who a budget is for: its whole organization, or one user, project or API key inside it. */
export type BudgetScope = 'organization' | 'user' | 'project' | 'api_key'

/**
 * A budget as stored (`ai_budgets`): the organization's (no other scope set) or one user's,
 * project's or API key's inside it, per month (the default), week or day.
 */
export interface Budget {
  id: number
  organizationId: number
  userId: number | null
  /** Absent: null (budgets from before project scopes). */
  projectId?: number | null
  apiKeyId?: number | null
  /** The limit per period (the column keeps its first name); null: no limit, never blocks. */
  monthlyLimit: Usd | null
  /** Percent of the limit at which a warning starts, e.g. "80.00". */
  warningThreshold: Usd
  /** Spent in the period starting `currentPeriodStart`. */
  currentMonthUsage: Usd
  /** 'YYYY-MM-DD', first day (in `timeZone`) of the period the counter belongs to. */
  currentPeriodStart: string
  /** Absent: 'monthly'. */
  period?: BudgetPeriod
  /** IANA zone the period is read in; absent: 'UTC'. */
  timeZone?: string
  isActive: boolean
  allowOverride: boolean
}

export function budgetScope(budget: Pick<Budget, 'userId' | 'projectId' | 'apiKeyId'>): BudgetScope {
  if (budget.userId != null) return 'user'
  if (budget.projectId != null) return 'project'
  if (budget.apiKeyId != null) return 'api_key'
  return 'organization'
}

/** The order a check lists budgets in: the widest first. */
export const BUDGET_SCOPE_ORDER: Record<BudgetScope, number> = {
  organization: 0,
  project: 1,
  api_key: 2,
  user: 3,
}
