import { type Budget, type BudgetCheckResult, evaluateBudgets, type Usd } from '@tokenledger/domain'
import { recordAlerts } from '../alerts/record-alerts'
import type { Db } from '../knex'
import { type CallScopes, loadApplicableBudgets, loadBudgetsById } from './load-budgets'
import { readBudgetsWithReservations } from './reservations'

/** A pending request waits this long for the end user's decision. */
export const OVERRIDE_REQUEST_TTL_MS = 15 * 60_000
/** A confirmed override must be used by a call within this time, once. */
export const OVERRIDE_CONFIRMED_TTL_MS = 10 * 60_000

export type OverrideStatus = 'pending' | 'confirmed' | 'cancelled' | 'used'

export interface BudgetOverride {
  id: string
  organizationId: number
  userId: number
  status: OverrideStatus
  estimatedCost: Usd | null
  check: BudgetCheckResult
  requestedAt: Date
  expiresAt: Date
  decidedBy: number | null
  decidedAt: Date | null
  usedAt: Date | null
  /** Pending or confirmed, but past its expiry. */
  expired: boolean
}

export type OverrideProblem = 'not_found' | 'blocked' | 'not_pending' | 'expired'

/**
 * Checks the budgets of the user's call (the organization's, the user's, and those of the call's
 * project and API key when given) and records a pending request to go past them; refused when a
 * budget forbids it. An override is always the end user's: for a project or key budget too, it
 * lets that user's next call go past whatever the check found exceeded, once.
 */
export async function requestOverride(
  db: Db,
  input: { organizationId: number; userId: number; estimatedCost?: Usd | null; now: Date } & CallScopes,
): Promise<
  { ok: true; override: BudgetOverride } | { ok: false; problem: 'blocked'; check: BudgetCheckResult }
> {
  // The numbers the end user confirms are the check's: reservations of calls in flight included.
  const { budgets, reserved } = await readBudgetsWithReservations(
    db,
    {
      organizationId: input.organizationId,
      userId: input.userId,
      projectId: input.projectId ?? null,
      apiKeyId: input.apiKeyId ?? null,
    },
    input.now,
  )
  const check = evaluateBudgets(budgets, { now: input.now, estimatedCost: input.estimatedCost, reserved })
  if (check.status === 'blocked') return { ok: false, problem: 'blocked', check }
  const [row] = await db('budget_overrides')
    .insert({
      organization_id: input.organizationId,
      user_id: input.userId,
      estimated_cost: input.estimatedCost ?? null,
      check_result: JSON.stringify(check),
      requested_at: input.now,
      expires_at: new Date(input.now.getTime() + OVERRIDE_REQUEST_TTL_MS),
    })
    .returning('*')
  return { ok: true, override: toOverride(row, input.now) }
}

/** Finds an override by id, within an organization when one is given (API keys see only their own). */
export async function findOverride(
  db: Db,
  id: string,
  now: Date,
  organizationId?: number,
): Promise<BudgetOverride | null> {
  if (!isUuid(id)) return null
  const query = db('budget_overrides').where({ id })
  if (organizationId != null) query.where({ organization_id: organizationId })
  const row = await query.first()
  return row ? toOverride(row, now) : null
}

/**
 * Records the end user's decision on a pending request: who (the user the request is for) and
 * when. Confirming re-checks the budgets, so a budget that forbids overrides in the meantime wins.
 */
export async function decideOverride(
  db: Db,
  input: { id: string; decision: 'confirm' | 'cancel'; now: Date; organizationId?: number },
): Promise<{ ok: true; override: BudgetOverride } | { ok: false; problem: OverrideProblem }> {
  return db.transaction(async (trx) => {
    if (!isUuid(input.id)) return { ok: false, problem: 'not_found' }
    const query = trx('budget_overrides').where({ id: input.id }).forUpdate()
    if (input.organizationId != null) query.where({ organization_id: input.organizationId })
    const row = await query.first()
    if (!row) return { ok: false, problem: 'not_found' }
    if (row.status !== 'pending') return { ok: false, problem: 'not_pending' }
    if (row.expires_at.getTime() <= input.now.getTime()) return { ok: false, problem: 'expired' }
    if (input.decision === 'confirm') {
      const budgets = await budgetsToRecheck(trx, row)
      const check = evaluateBudgets(budgets, { now: input.now, estimatedCost: row.estimated_cost })
      if (check.status === 'blocked') return { ok: false, problem: 'blocked' }
      // Tell the admins, once per budget and period, that someone knowingly went past it.
      await recordAlerts(
        trx,
        check.budgets
          .filter((b) => b.status === 'exceeded')
          .map((b) => ({
            organizationId: row.organization_id,
            budgetId: b.budgetId,
            userId: b.userId,
            kind: 'override' as const,
            periodStart: b.periodStart,
            details: { usage: b.usage, limit: b.limit, overrideId: row.id, confirmedBy: row.user_id },
          })),
      )
    }
    const [updated] = await trx('budget_overrides')
      .where({ id: input.id })
      .update({
        status: input.decision === 'confirm' ? 'confirmed' : 'cancelled',
        decided_by: row.user_id,
        decided_at: input.now,
        expires_at:
          input.decision === 'confirm'
            ? new Date(input.now.getTime() + OVERRIDE_CONFIRMED_TTL_MS)
            : row.expires_at,
      })
      .returning('*')
    return { ok: true, override: toOverride(updated, input.now) }
  })
}

/**
 * The budgets a confirmation re-checks: the user's and the organization's as they are now, and
 * any other the request's check named (a project's or key's), so those still count.
 */
async function budgetsToRecheck(trx: Db, row: OverrideRow): Promise<Budget[]> {
  const own = await loadApplicableBudgets(trx, row.organization_id, row.user_id)
  const known = new Set(own.map((b) => b.id))
  const named = (row.check_result?.budgets ?? []).map((b) => b.budgetId).filter((id) => !known.has(id))
  return [...own, ...(await loadBudgetsById(trx, row.organization_id, named))]
}

/**
 * Uses a confirmed override for one logged call, inside the log's transaction: it must belong to
 * the organization and the call's user, be confirmed, unexpired and unused. Returns who confirmed
 * it, or why it cannot be used.
 */
export async function consumeOverride(
  trx: Db,
  input: { id: string; organizationId: number; userId: number | null; now: Date },
): Promise<{ ok: true; confirmedBy: number | null } | { ok: false; reason: string }> {
  if (!isUuid(input.id)) return { ok: false, reason: 'unknown budget override' }
  const [used] = await trx('budget_overrides')
    .where({ id: input.id, organization_id: input.organizationId, status: 'confirmed' })
    .where('user_id', input.userId ?? -1)
    .where('expires_at', '>', input.now)
    .update({ status: 'used', used_at: input.now })
    .returning('decided_by')
  if (used) return { ok: true, confirmedBy: used.decided_by }
  const row = await trx('budget_overrides')
    .where({ id: input.id, organization_id: input.organizationId })
    .first()
  if (!row) return { ok: false, reason: 'unknown budget override' }
  if (row.status === 'used') return { ok: false, reason: 'budget override already used' }
  if (row.status !== 'confirmed')
    return { ok: false, reason: `budget override is ${row.status}, not confirmed` }
  if (row.user_id !== input.userId) return { ok: false, reason: 'budget override belongs to another user' }
  return { ok: false, reason: 'budget override expired' }
}

/**
 * Applies the override a stored log row was logged with, in the log's transaction: consumes it
 * and marks the row (budget_override, who confirmed it, which override), or, when it cannot be
 * used, records why in the row's metadata (`budget_override_rejected`). Only for a row this call
 * stored: a duplicate of an already-stored call must leave the override it carries unused. The
 * row is found by its whole key `(id, created_at)`, so the update opens only its month's partition.
 */
export async function applyOverrideToLog(
  trx: Db,
  input: {
    logId: number
    /** The row's `created_at` exactly as stored. */
    createdAt: Date
    overrideId: string
    organizationId: number
    userId: number | null
    now: Date
  },
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const used = await consumeOverride(trx, {
    id: input.overrideId,
    organizationId: input.organizationId,
    userId: input.userId,
    now: input.now,
  })
  const log = trx('ai_usage_logs').where({
    id: input.logId,
    created_at: input.createdAt,
    organization_id: input.organizationId,
  })
  const marked = used.ok
    ? await log.update({
        budget_override: true,
        budget_override_by: used.confirmedBy,
        budget_override_id: input.overrideId,
      })
    : await log.update({
        metadata: trx.raw(`metadata || jsonb_build_object('budget_override_rejected', ?::text)`, [
          used.reason,
        ]),
      })
  // Never consume an override without marking its call: the transaction rolls back instead.
  if (marked !== 1)
    throw new Error(
      `no log ${input.logId} at ${input.createdAt.toISOString()} in organization ${input.organizationId}`,
    )
  return used.ok ? { ok: true } : used
}

interface OverrideRow {
  id: string
  organization_id: number
  user_id: number
  status: OverrideStatus
  estimated_cost: Usd | null
  check_result: BudgetCheckResult
  requested_at: Date
  expires_at: Date
  decided_by: number | null
  decided_at: Date | null
  used_at: Date | null
}

function toOverride(row: OverrideRow, now: Date): BudgetOverride {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    status: row.status,
    estimatedCost: row.estimated_cost,
    check: row.check_result,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    usedAt: row.used_at,
    expired:
      (row.status === 'pending' || row.status === 'confirmed') && row.expires_at.getTime() <= now.getTime(),
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}
