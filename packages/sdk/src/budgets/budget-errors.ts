import type { AppRouter } from '@tokenledger/api'
import type { inferRouterOutputs } from '@trpc/server'
import { TokenledgerError } from '../errors'

type Outputs = inferRouterOutputs<AppRouter>
export type BudgetCheckResult = Outputs['budgets']['check']
export type BudgetOverrideRequest = Outputs['budgets']['requestOverride']

/**
 * A budget is used up and allows overrides: the end user must confirm first. Show `check.message`
 * and the numbers in `check.budgets` (or send the user to `request.confirmationUrl`); once
 * confirmed, retry the same call with `.withBudgetOverride(request.id)`. Nothing was sent to the
 * provider. `request` is null when the call names no user (an override is always a user's decision).
 */
export class BudgetConfirmationRequired extends TokenledgerError {
  constructor(
    readonly check: BudgetCheckResult,
    readonly request: BudgetOverrideRequest | null,
  ) {
    super('BUDGET_CONFIRMATION_REQUIRED', check.message)
  }
}

/** A budget is used up and forbids overrides: the call was not made. */
export class BudgetBlocked extends TokenledgerError {
  constructor(readonly check: BudgetCheckResult) {
    super('BUDGET_BLOCKED', check.message)
  }
}
