import type { Db } from '../knex'
import { AiBudget } from '../models/ai-budget'

/** Switches a budget on or off, leaving its limit, threshold and counter as they are; false when there is none. */
export async function setBudgetActive(db: Db, id: number, isActive: boolean): Promise<boolean> {
  if (!Number.isSafeInteger(id)) return false
  const updated = await AiBudget.query(db)
    .findById(id)
    .patch({ is_active: isActive, updated_at: db.fn.now() })
  return updated > 0
}
