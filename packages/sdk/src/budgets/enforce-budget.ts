import type { Attribution } from '../attribution'
import {
  BudgetBlocked,
  type BudgetCheckResult,
  BudgetConfirmationRequired,
  type BudgetOverrideRequest,
} from './budget-errors'

/** What a budget check needs from its Tokenledger. */
export interface BudgetHost {
  /**
   * The budget check for a call with this attribution; null when checks are off or the api is
   * unreachable. With `reserve`, a check that passes also holds `estimatedCost` against the
   * budgets until the call's event (carrying the reservation's id) is stored, or it expires.
   */
  checkBudget(
    attribution: Attribution,
    estimatedCost?: string,
    options?: { reserve?: boolean },
  ): Promise<BudgetCheckResult | null>
  requestOverride(attribution: Attribution, estimatedCost?: string): Promise<BudgetOverrideRequest | null>
  /** Whether an override can still be used: confirmed, unexpired, unused. */
  overrideUsable(id: string): Promise<boolean>
  /** Gives a reservation back before it expires (a call that was never made); never rejects. */
  releaseReservation?(id: string): Promise<void>
}

/**
 * The check made before a call (the builder's and the AI SDK middleware's): ok and warning go
 * ahead; exceeded needs a usable confirmed override, else `BudgetConfirmationRequired` (with an
 * override request for the call's user); blocked throws `BudgetBlocked`. Resolves with the check
 * (null when checks are off or failed open). With `reserve`, a call that is stopped gives back
 * whatever the check reserved for it.
 */
export async function enforceBudget(
  host: BudgetHost,
  attribution: Attribution,
  options: {
    estimatedCost?: string | undefined
    budgetOverride?: string | undefined
    reserve?: boolean
  } = {},
): Promise<BudgetCheckResult | null> {
  const check = await host.checkBudget(
    attribution,
    options.estimatedCost,
    options.reserve ? { reserve: true } : undefined,
  )
  if (!check) return null
  try {
    if (check.status === 'blocked') throw new BudgetBlocked(check)
    const override = options.budgetOverride
    if (check.status === 'exceeded' && !(override && (await host.overrideUsable(override)))) {
      const request = await host.requestOverride(attribution, options.estimatedCost)
      throw new BudgetConfirmationRequired(check, request)
    }
  } catch (error) {
    const held = reservationOf(check)
    if (held) void host.releaseReservation?.(held)
    throw error
  }
  return check
}

/** The id of what a reserving check holds for the call, if anything. */
export function reservationOf(check: BudgetCheckResult | null): string | null {
  return check?.reservation?.id ?? null
}
