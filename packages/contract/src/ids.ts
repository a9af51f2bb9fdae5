import { COST_SCALE, isCallCost, MAX_CALL_COST } from '@tokenledger/domain'
import { z } from 'zod'

/** The input shapes several procedures share. */

/** A row id: a positive whole number JS can hold exactly. */
export const recordId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/**
 * A dollar amount for one call, as a decimal string: what the cost columns can hold. More decimals
 * than the columns keep are refused rather than silently rounded ("0.0000001" would be stored as 0).
 */
export const callCost = z
  .string()
  .refine(isCallCost, {
    message: `a non-negative decimal string of at most ${MAX_CALL_COST}, e.g. "0.0125"`,
    abort: true,
  })
  .refine(
    (value) => (value.split('.')[1]?.length ?? 0) <= COST_SCALE,
    `at most ${COST_SCALE} decimal places (the scale costs are stored with)`,
  )
