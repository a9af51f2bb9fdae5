import { eventBatches, type SpanStore, type StoreOutcome, storeFailure } from '@tokenledger/otlp-receiver'
import { createClient } from '@tokenledger/sdk'

/**
 * The gateway's OTLP store: the events go to the api's `usage.logBatch` over HTTP (the one write
 * path: redaction, pricing, attribution checks, budget counters, idempotency), in batches the api
 * accepts, one after the other. A failure part-way is thrown: the exporter retries the whole
 * request and the batches already stored come back as duplicates. With no events the key is
 * still checked (by a budget check), so a wrong key never gets a 200.
 */
export function sendEventsToApi(apiUrl: string, fetchImpl?: typeof fetch): SpanStore {
  return async (apiKey, events) => {
    const client = createClient({ url: apiUrl, apiKey, ...(fetchImpl ? { fetch: fetchImpl } : {}) })
    const outcome: StoreOutcome = { stored: 0, duplicates: 0, rejected: 0, errors: [] }
    try {
      if (!events.length) {
        await client.budgets.check.query({})
        return outcome
      }
      for (const batch of eventBatches(events)) {
        const answer = await client.usage.logBatch.mutate({ events: batch })
        outcome.stored += answer.stored
        outcome.duplicates += answer.duplicates
        outcome.rejected += answer.rejected
        for (const result of answer.results)
          if (result.status === 'rejected') outcome.errors.push(result.error)
      }
    } catch (error) {
      const status = (error as { data?: { httpStatus?: unknown } }).data?.httpStatus
      throw storeFailure(typeof status === 'number' ? status : undefined, (error as Error).message)
    }
    return outcome
  }
}
