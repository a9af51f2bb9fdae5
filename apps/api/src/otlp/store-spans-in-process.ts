import { randomUUID } from 'node:crypto'
import { type ApiContext, appRouter } from '@tokenledger/api'
import { eventBatches, type SpanStore, type StoreOutcome, storeFailure } from '@tokenledger/otlp-receiver'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'

/**
 * The api's OTLP store: the router's own `usage.logBatch` called in process (no HTTP hop), with a
 * context made as for an HTTP call carrying the API key — the same authentication, event allowance,
 * redaction pool and write path (`storeUsageEvents`) as a client's batch. One context per batch,
 * since the per-request allowance is the size of one batch.
 */
export function storeSpansInProcess(createContext: (apiKey: string) => ApiContext): SpanStore {
  return async (apiKey, events) => {
    const outcome: StoreOutcome = { stored: 0, duplicates: 0, rejected: 0, errors: [] }
    try {
      if (!events.length) {
        await appRouter.createCaller(createContext(apiKey)).budgets.check({})
        return outcome
      }
      for (const batch of eventBatches(events)) {
        const answer = await appRouter.createCaller(createContext(apiKey)).usage.logBatch({ events: batch })
        outcome.stored += answer.stored
        outcome.duplicates += answer.duplicates
        outcome.rejected += answer.rejected
        for (const result of answer.results)
          if (result.status === 'rejected') outcome.errors.push(result.error)
      }
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error
      const status = getHTTPStatusCodeFromError(error)
      if (status >= 500 && status !== 503) {
        // As tRPC's error formatter does for HTTP callers: internals stay in the log.
        const requestId = randomUUID()
        console.error(`[api] internal error ${requestId} in POST /v1/traces:`, error.cause ?? error)
        throw storeFailure(status, `internal error (request id ${requestId})`)
      }
      throw storeFailure(status, error.message)
    }
    return outcome
  }
}
