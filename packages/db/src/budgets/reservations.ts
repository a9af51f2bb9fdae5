import { DEFAULT_RESERVATION_TTL_SECONDS, MAX_RESERVATION_TTL_SECONDS } from '@tokenledger/contract'
import {
  type Budget,
  type BudgetCheckResult,
  evaluateBudgets,
  isCallCost,
  toDecimal,
  type Usd,
} from '@tokenledger/domain'
import type { Db } from '../knex'
import { budgetApplies, reservedAgainst } from './budget-applies'
import { lockBudgetCountersShared } from './budget-counter-lock'
import { toBudget } from './load-budgets'

/** The scopes of one call: the same ones its logged cost will be counted under. */
export interface ReservationScopes {
  organizationId: number
  userId: number | null
  projectId: number | null
  apiKeyId: number | null
}

export interface Reservation {
  id: string
  expiresAt: Date
}

/**
 * Checks a coming call against every budget it falls under and, when the answer lets it go (ok
 * or warning), holds `amount` against all of them until the call is logged with the
 * reservation's id (`storeUsageEvents` releases it) or `ttlSeconds` pass. Concurrent callers see
 * each other: in one transaction, after the organization's shared counter lock, the applicable
 * budgets' rows are locked in id order (the order `addToBudgetCounters` uses, so neither
 * deadlocks the other), then the counters and the unexpired reservations are read in a fresh
 * statement (it sees every reservation committed by a caller that held the locks before) and
 * evaluated with the amount as the estimate. Reserving callers of one budget take turns for the
 * length of this transaction. `reservation` is null when nothing is held: the call may not go,
 * no budget with a limit applies, or the amount is 0.
 */
export async function reserveBudgets(
  db: Db,
  input: ReservationScopes & { amount: Usd; now: Date; ttlSeconds?: number | undefined },
): Promise<{ check: BudgetCheckResult; reservation: Reservation | null }> {
  if (!isCallCost(input.amount))
    throw new Error(`reserveBudgets: amount must be a call cost, not "${input.amount}"`)
  const ttl = input.ttlSeconds ?? DEFAULT_RESERVATION_TTL_SECONDS
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_RESERVATION_TTL_SECONDS)
    throw new Error(
      `reserveBudgets: ttlSeconds must be a whole number from 1 to ${MAX_RESERVATION_TTL_SECONDS}`,
    )
  return db.transaction(async (trx) => {
    // Reserving callers of a budget wait for each other's commit: do not make them wait for its
    // WAL flush too. A hold lost in a crash only frees budget early, as its expiry would.
    await trx.raw('set local synchronous_commit to off')
    await lockBudgetCountersShared(trx, input.organizationId)
    const call = callValues(input)
    await trx.raw(
      `with c as (${call.sql})
       select b.id from ai_budgets b, c
       where b.organization_id = ? and ${budgetApplies('b', 'c')}
       order by b.id
       for update of b`,
      [...call.bindings, input.organizationId],
    )
    const { budgets, reserved } = await readBudgetsWithReservations(trx, input, input.now)
    const check = evaluateBudgets(budgets, { now: input.now, estimatedCost: input.amount, reserved })
    const goes = check.status === 'ok' || check.status === 'warning'
    if (!goes || !check.budgets.length || toDecimal(input.amount).isZero())
      return { check, reservation: null }
    const [row] = await trx('budget_reservations')
      .insert({
        organization_id: input.organizationId,
        user_id: input.userId,
        project_id: input.projectId,
        api_key_id: input.apiKeyId,
        amount: input.amount,
        created_at: input.now,
        expires_at: new Date(input.now.getTime() + ttl * 1000),
      })
      .returning(['id', 'expires_at'])
    return { check, reservation: { id: row.id, expiresAt: row.expires_at } }
  })
}

/**
 * Releases reservations of this organization (in the log rows' transaction, or for a call never
 * made), one statement; ids of another organization, unknown or already gone are ignored.
 * Returns how many were released.
 */
export async function releaseReservations(
  trx: Db,
  organizationId: number,
  ids: readonly string[],
): Promise<number> {
  const valid = [...new Set(ids.filter(isUuid))]
  if (!valid.length) return 0
  return trx('budget_reservations').where({ organization_id: organizationId }).whereIn('id', valid).delete()
}

/** Deletes the reservations expired at `now` (they already count for nothing); returns how many. */
export async function deleteExpiredReservations(db: Db, now: Date): Promise<number> {
  return db('budget_reservations').where('expires_at', '<=', now).delete()
}

/**
 * Per budget (each id given that exists), the calls in flight holding it: how many unexpired
 * reservations apply to it and what they hold (a decimal string).
 */
export async function listReservationsInFlight(
  db: Db,
  budgetIds: readonly number[],
  now: Date,
): Promise<Map<number, { count: number; amount: Usd }>> {
  if (!budgetIds.length) return new Map()
  const { rows } = await db.raw(
    `select b.id, count(r.id)::int as count, coalesce(sum(r.amount), 0)::text as amount
     from ai_budgets b
     left join budget_reservations r on r.organization_id = b.organization_id and r.expires_at > ?
       and ${budgetApplies('b', 'r')}
     where b.id = any(?::bigint[])
     group by b.id`,
    [now, [...budgetIds]],
  )
  return new Map(
    (rows as Array<{ id: number; count: number; amount: string }>).map((r) => [
      r.id,
      { count: r.count, amount: r.amount },
    ]),
  )
}

/** The budgets a call with these scopes falls under, with what reservations hold against each at `now`. */
export async function readBudgetsWithReservations(
  db: Db,
  scopes: ReservationScopes,
  now: Date,
): Promise<{ budgets: Budget[]; reserved: Map<number, Usd> }> {
  const call = callValues(scopes)
  const { rows } = await db.raw(
    `with c as (${call.sql})
     select b.*, b.current_period_start::text as current_period_start, ${reservedAgainst('b')} as reserved
     from ai_budgets b, c
     where b.organization_id = ? and ${budgetApplies('b', 'c')}
     order by b.id`,
    [...call.bindings, now, scopes.organizationId],
  )
  return {
    budgets: rows.map(toBudget),
    reserved: new Map((rows as Array<{ id: number; reserved: string }>).map((r) => [r.id, r.reserved])),
  }
}

/** One row `c` holding the call's scopes, for `budgetApplies(…, 'c')`. */
function callValues(scopes: ReservationScopes) {
  return {
    sql: 'select ?::bigint as user_id, ?::bigint as project_id, ?::bigint as api_key_id',
    bindings: [scopes.userId, scopes.projectId, scopes.apiKeyId],
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}
