import type { Attribution } from '../attribution'
import {
  BudgetBlocked,
  type BudgetCheckResult,
  BudgetConfirmationRequired,
  type BudgetOverrideRequest,
} from './budget-errors'

/** What a budget check needs from its Tokenledger. */
export interface BudgetHost {
  /** The budget check for a call with this attribution; null when checks are off or the api is unreachable. */
  checkBudget(attribution: Attribution, estimatedCost?: string): Promise<BudgetCheckResult | null>
  requestOverride(attribution: Attribution, estimatedCost?: string): Promise<BudgetOverrideRequest | null>
  /** Whether an override can still be used: confirmed, unexpired, unused. */
  overrideUsable(id: string): Promise<boolean>
}

/**
 * The check made before a call (the builder's and the AI SDK middleware's): ok and warning go
 * ahead; exceeded needs a usable confirmed override, else `BudgetConfirmationRequired` (with an
 * override request for the call's user); blocked throws `BudgetBlocked`. Resolves with the check
 * (null when checks are off or failed open).
 */
export async function enforceBudget(
  host: BudgetHost,
  attribution: Attribution,
  options: { estimatedCost?: string | undefined; budgetOverride?: string | undefined } = {},
): Promise<BudgetCheckResult | null> {
  const check = await host.checkBudget(attribution, options.estimatedCost)
  if (!check) return null
  if (check.status === 'blocked') throw new BudgetBlocked(check)
  const override = options.budgetOverride
  if (check.status === 'exceeded' && !(override && (await host.overrideUsable(override)))) {
    const request = await host.requestOverride(attribution, options.estimatedCost)
    throw new BudgetConfirmationRequired(check, request)
  }
  return check
}
