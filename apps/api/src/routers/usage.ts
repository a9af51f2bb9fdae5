import { z } from 'zod'
import { apiKeyProcedure } from '../auth/procedures'
import { AppError } from '../errors'
import { recordUsage } from '../usage/record-usage'
import { type UsageEventInput, usageEventSchema } from '../usage/usage-event'

export const MAX_BATCH_SIZE = 1_000

export const usageRouter = {
  /** Logs one call. Invalid input or attribution is refused with a typed error and nothing is written. */
  log: apiKeyProcedure.input(usageEventSchema).mutation(async ({ ctx, input }) => {
    const [result] = await recordUsage(ctx.db, ctx.identity, [input], ctx.clock())
    if (!result || result.status === 'rejected') {
      throw new AppError(result?.reason ?? 'INVALID_INPUT', result?.error ?? 'the event was not stored')
    }
    return result
  }),

  /**
   * Logs up to 1,000 calls. Each event is validated and stored on its own (all or nothing per
   * event) and gets its own result, so one bad event never blocks the rest.
   */
  logBatch: apiKeyProcedure
    .input(z.object({ events: z.array(z.custom<UsageEventInput>()).min(1).max(MAX_BATCH_SIZE) }))
    .mutation(async ({ ctx, input }) => {
      const results = await recordUsage(ctx.db, ctx.identity, input.events, ctx.clock())
      return {
        results,
        stored: results.filter((r) => r.status === 'stored').length,
        duplicates: results.filter((r) => r.status === 'duplicate').length,
        rejected: results.filter((r) => r.status === 'rejected').length,
      }
    }),
}
