import { isCallCost, MAX_CALL_COST } from '@tokenledger/domain'
import { z } from 'zod'

/** A dollar amount for one call, as a decimal string: what the cost columns can hold. */
export const callCost = z
  .string()
  .refine(isCallCost, `a non-negative decimal string of at most ${MAX_CALL_COST}, e.g. "0.0125"`)
