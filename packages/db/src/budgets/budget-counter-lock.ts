import type { Db } from '../knex'

/**
 * One advisory lock per organization guards its budget counters against a budget being created
 * while calls are logged. Writers take it shared (they never wait for each other), a budget's
 * creation takes it exclusively: it waits for the writers under way to commit, so the sum of logs
 * it starts the counter from includes them, and the writers after it wait for it to commit, so
 * their increments find the new budget. Each cost is then counted exactly once.
 * Transaction-scoped: released at commit or rollback. `BUDGET_COUNTER_LOCK_KEY` (one `?`: the
 * organization's id) lets a writer take it inside a statement of its own (`insertLogRows`).
 */
export const BUDGET_COUNTER_LOCK_KEY = `hashtextextended('tokenledger.budget-counters.' || ?::bigint, 0)`

export async function lockBudgetCountersShared(trx: Db, organizationId: number): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock_shared(${BUDGET_COUNTER_LOCK_KEY})`, [organizationId])
}

export async function lockBudgetCountersExclusive(trx: Db, organizationId: number): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(${BUDGET_COUNTER_LOCK_KEY})`, [organizationId])
}
