import type { Usd } from '../money'

export type BudgetScope = 'organization' | 'user'

/** A monthly budget as stored (`ai_budgets`): the organization's (userId null) or one member's. */
export interface Budget {
  id: number
  organizationId: number
  userId: number | null
  /** null: no limit, never blocks. */
  monthlyLimit: Usd | null
  /** Percent of the limit at which a warning starts, e.g. "80.00". */
  warningThreshold: Usd
  currentMonthUsage: Usd
  /** 'YYYY-MM-DD', first day of the month the counter belongs to. */
  currentPeriodStart: string
  isActive: boolean
  allowOverride: boolean
}

export function budgetScope(budget: Pick<Budget, 'userId'>): BudgetScope {
  return budget.userId == null ? 'organization' : 'user'
}
