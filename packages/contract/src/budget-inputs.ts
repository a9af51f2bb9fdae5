import { z } from 'zod'
import { callCost, recordId } from './ids'

/** The cost the app expects the coming call to have, counted as if already spent. */
const estimatedCost = callCost.optional()

/**
 * The call's project: its budgets apply besides the organization's, the user's and the calling
 * API key's (budget scopes, issue 14).
 */
const projectId = recordId.optional()

/** `budgets.check`: which budgets the coming call would hit. */
export const budgetCheckInput = z
  .object({ userId: recordId.optional(), projectId, estimatedCost, forecast: z.boolean().optional() })
  .default({})

/** `budgets.requestOverride`: ask the end user to confirm going past the budget. */
export const overrideRequestInput = z.object({ userId: recordId, projectId, estimatedCost })

/** `budgets.getOverride`, `confirmOverride`, `cancelOverride`. */
export const overrideIdInput = z.object({ overrideId: z.string() })

export type BudgetCheckInput = z.input<typeof budgetCheckInput>
export type OverrideRequestInput = z.input<typeof overrideRequestInput>
