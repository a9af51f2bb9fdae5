import type { CallContext } from '../tracking/call-context'
import type { BudgetCheckResult } from './budget-errors'
import type { BudgetLease } from './budget-lease'
import { reservationOf } from './enforce-budget'

/**
 * What a call that passed the budget check holds, until it ends: either its own reservation on
 * the api (its event carries the id as `budgetReservationId`, and storing the event releases it),
 * or a draw on a lease (see budget-lease.ts), or nothing (checks off, or failed open).
 */
export interface BudgetPass {
  /** The check the call passed (a lease's answer for a call drawn from one); null when unchecked. */
  check: BudgetCheckResult | null
  /** The call's own reservation, carried by its event; null when it has none. */
  reservationId: string | null
  /**
   * The call ended: `logged` when its event was queued (the event releases the reservation), not
   * when no event will ever be made (its reservation is released now). Only the first call counts.
   */
  ended(logged: boolean): void
}

/** Releases a reservation; never rejects (problems go to the host's `onError`). */
export interface ReservationReleaser {
  releaseReservation?(id: string): Promise<void>
}

/** A call holding what its own check reserved (nothing when the check reserved nothing). */
export function reservedPass(host: ReservationReleaser, check: BudgetCheckResult | null): BudgetPass {
  const reservationId = reservationOf(check)
  let done = false
  return {
    check,
    reservationId,
    ended(logged) {
      if (done) return
      done = true
      if (!logged && reservationId) void host.releaseReservation?.(reservationId)
    },
  }
}

/** A call let through by a lease: its event carries no reservation; ending it frees its share. */
export function leasePass(lease: BudgetLease<BudgetCheckResult>): BudgetPass {
  let done = false
  return {
    check: lease.check,
    reservationId: null,
    ended() {
      if (done) return
      done = true
      lease.finish()
    },
  }
}

/** The call's logging context, its event carrying the pass's reservation and ending the pass. */
export function withPass(context: CallContext, pass: BudgetPass | null): CallContext {
  if (!pass) return context
  return {
    ...context,
    ...(pass.reservationId ? { fields: { ...context.fields, budgetReservationId: pass.reservationId } } : {}),
    log: (event) => {
      try {
        context.log(event)
      } finally {
        pass.ended(true)
      }
    },
  }
}
