import { isCallCost, MAX_CALL_COST } from '@tokenledger/domain'
import { z } from 'zod'

/** The input shapes several procedures share. */

/** A row id: a positive whole number JS can hold exactly. */
export const recordId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** A dollar amount for one call, as a decimal string: what the cost columns can hold. */
export const callCost = z
  .string()
  .refine(isCallCost, `a non-negative decimal string of at most ${MAX_CALL_COST}, e.g. "0.0125"`)
