/**
 * The words for where a budget stands, in one place: the check's result, one budget's level, the
 * dashboard's state and the alert kinds are all built from the same three levels.
 */

/** Percent of the limit at which a budget warns when none is given (the `ai_budgets` column default). */
export const DEFAULT_WARNING_THRESHOLD = '80'

/** Where one budget with a limit stands: below its threshold, at or past it, at or past its limit. */
export type BudgetLevel = 'ok' | 'warning' | 'exceeded'

/** A budget check's result: the worst level, or `blocked` when an exceeded budget forbids overrides. */
export type BudgetStatus = BudgetLevel | 'blocked'

/** A budget as the dashboard lists it: its level, or why it has none. */
export type BudgetState = BudgetLevel | 'inactive' | 'unlimited'

/** The levels that raise an alert. */
export type ThresholdLevel = Exclude<BudgetLevel, 'ok'>
