import { usageBatchInput, usageEventSchema } from '@tokenledger/contract'
import { RedactionPoolBusyError, storeUsageEvents } from '@tokenledger/db'
import { TRPCError } from '@trpc/server'
import { AppError } from '../app-error'
import type { ApiKeyIdentity } from '../auth/authenticate-api-key'
import { apiKeyProcedure } from '../auth/procedures'
import type { ApiContext } from '../context'
import { recordUsage } from '../usage/record-usage'

type ApiKeyContext = ApiContext & { identity: ApiKeyIdentity }

/** A full redaction queue answers 429, which the SDK retries after a backoff. */
async function busyAsTooManyRequests<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof RedactionPoolBusyError) {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message, cause: error })
    }
    throw error
  }
}

/**
 * Stores usage: the counters and holds of the key's organization change, so this server's cached
 * budget state of it is dropped (also after a failure, which may have stored part of a batch).
 */
function storing<T>(ctx: ApiKeyContext, work: () => Promise<T>): Promise<T> {
  return busyAsTooManyRequests(work).finally(() =>
    ctx.budgetStateCache.invalidate(ctx.identity.organizationId),
  )
}

export const usageRouter = {
  /** Logs one call. Invalid input or attribution is refused with a typed error and nothing is written. */
  log: apiKeyProcedure.input(usageEventSchema).mutation(async ({ ctx, input }) => {
    ctx.eventAllowance.take(1)
    // tRPC parsed the event with the contract's schema: stored as it is, not parsed again.
    const [result] = await storing(ctx, () =>
      storeUsageEvents(ctx.db, ctx.identity, [input], ctx.clock(), { redactTexts: ctx.redactTexts }),
    )
    if (!result || result.status === 'rejected') {
      throw new AppError(result?.reason ?? 'INVALID_INPUT', result?.error ?? 'the event was not stored')
    }
    return result
  }),

  /**
   * Logs up to 1,000 calls (and at most 1,000 per HTTP request, over all batched calls). Each event
   * is validated and stored on its own (all or nothing per event) and gets its own result, so one
   * bad event never blocks the rest.
   */
  logBatch: apiKeyProcedure.input(usageBatchInput).mutation(async ({ ctx, input }) => {
    ctx.eventAllowance.take(input.events.length)
    const results = await storing(ctx, () =>
      recordUsage(ctx.db, ctx.identity, input.events, ctx.clock(), ctx.redactTexts),
    )
    return {
      results,
      stored: results.filter((r) => r.status === 'stored').length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
      rejected: results.filter((r) => r.status === 'rejected').length,
    }
  }),
}
