import type { Attribution } from '../attribution'
import type { CallContext } from '../tracking/call-context'
import {
  type BudgetEnforcementOptions,
  BudgetGuard,
  type CallBudgetOptions,
  type GuardHost,
  validateCallBudget,
} from './budget-guard'
import type { BudgetPass } from './budget-pass'
import { estimateRequestCost } from './estimate-request-cost'
import { GatedAPIPromise } from './gated-api-promise'

/** The last argument of `wrapOpenAI` / `wrapAnthropic`: attribution defaults and budget enforcement. */
export type WrapperOptions = Attribution & BudgetEnforcementOptions

/** `{ tokenledger: … }` of one wrapped call: its attribution and budget settings. */
export type CallOptions = Attribution & CallBudgetOptions

/** A wrapper's options split into the attribution defaults and the guard (null when not enforcing). */
export function wrapperBudgets(
  host: GuardHost,
  options: WrapperOptions = {},
): { defaults: Attribution; guard: BudgetGuard | null } {
  const { enforceBudgets, budgetCacheTtlMs, budgetFailMode, ...defaults } = options
  const guard = enforceBudgets
    ? new BudgetGuard(host, {
        ...(budgetCacheTtlMs !== undefined ? { budgetCacheTtlMs } : {}),
        ...(budgetFailMode !== undefined ? { budgetFailMode } : {}),
      })
    : null
  return { defaults, guard }
}

/** One call's `{ tokenledger }` split into attribution and (validated) budget settings. */
export function callBudget(perCall: CallOptions | undefined): {
  attribution: Attribution
  budget: CallBudgetOptions
  /** The override the call's log row records (`budgetOverrideId`), enforcing or not. */
  fields: CallContext['fields']
} {
  const { estimatedCost, budgetOverride, ...attribution } = perCall ?? {}
  const budget = {
    ...(estimatedCost !== undefined ? { estimatedCost } : {}),
    ...(budgetOverride !== undefined ? { budgetOverride } : {}),
  }
  validateCallBudget(budget)
  return { attribution, budget, fields: budgetOverride ? { budgetOverrideId: budgetOverride } : undefined }
}

/**
 * `run(null)` (which makes the request and returns the SDK's APIPromise) as it is without a
 * guard; with one, an APIPromise of the same result whose request is made only once the budget
 * check lets it through, `run` getting what the call holds (see `withPass`: its event carries its
 * reservation). A request that throws before anything is logged gives its reservation back. The
 * cost is estimated from `request.body` when the call gives none.
 */
export function guardedCall<R>(
  guard: BudgetGuard | null,
  attribution: Attribution,
  budget: CallBudgetOptions,
  request: { provider: string; model: string; body: unknown; embedding?: boolean },
  run: (pass: BudgetPass | null) => R,
): R {
  if (!guard) return run(null)
  const estimate = async () => {
    const { cost } = await estimateRequestCost(request.provider, request.model, request.body, {
      ...(request.embedding ? { embedding: true } : {}),
    })
    return cost
  }
  const passed = guard.beforeCall(attribution, budget, estimate)
  return GatedAPIPromise.after(passed, (pass) => {
    try {
      return run(pass) as PromiseLike<unknown>
    } catch (error) {
      pass.ended(false)
      throw error
    }
  }) as R
}
