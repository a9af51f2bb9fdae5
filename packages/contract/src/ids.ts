import { COST_SCALE, isCallCost, MAX_CALL_COST } from '@tokenledger/domain'
import { z } from 'zod'

/** The input shapes several procedures share. */

/** A row id: a positive whole number JS can hold exactly. */
export const recordId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/**
 * A dollar amount for one call, as a decimal string: what the cost columns can hold, up to
 * COST_SCALE decimals. More decimals are refused rather than silently rounded.
 */
export const callCost = z.string().refine(isCallCost, {
  message: `a non-negative decimal string of at most ${MAX_CALL_COST} with at most ${COST_SCALE} decimals, e.g. "0.0125"`,
})
