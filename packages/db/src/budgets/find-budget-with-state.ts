import { type BudgetWithState, getBudgetStates } from '../analytics/budget-states'
import type { Db } from '../knex'

/** One budget with its names and its state at `now`, as the budgets list shows it; null when there is none. */
export async function findBudgetWithState(db: Db, id: number, now: Date): Promise<BudgetWithState | null> {
  if (!Number.isSafeInteger(id)) return null
  const [budget] = await getBudgetStates(db, { now, budgetId: id })
  return budget ?? null
}
