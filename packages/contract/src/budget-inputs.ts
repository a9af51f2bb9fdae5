import { z } from 'zod'
import { callCost, recordId } from './ids'

/** The cost the app expects the coming call to have, counted as if already spent. */
const estimatedCost = callCost.optional()

/** `budgets.check`: which budgets the coming call would hit. */
export const budgetCheckInput = z
  .object({ userId: recordId.optional(), estimatedCost, forecast: z.boolean().optional() })
  .default({})

/** `budgets.requestOverride`: ask the end user to confirm going past the budget. */
export const overrideRequestInput = z.object({ userId: recordId, estimatedCost })

/** `budgets.getOverride`, `confirmOverride`, `cancelOverride`. */
export const overrideIdInput = z.object({ overrideId: z.string() })

export type BudgetCheckInput = z.input<typeof budgetCheckInput>
export type OverrideRequestInput = z.input<typeof overrideRequestInput>
