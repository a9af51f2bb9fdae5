import { MAX_BATCH_SIZE, type UsageEventInput } from '@tokenledger/contract'

/** What the store did with the events of one export request. */
export interface StoreOutcome {
  stored: number
  duplicates: number
  rejected: number
  /** The reason for each rejected event. */
  errors: string[]
}

/** The store refused or could not take the request as a whole; `status` is what the exporter gets. */
export class StoreFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 429 | 503,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Stores the usage events of one export request under the caller's API key, through the one write
 * path (`usage.logBatch` → `storeUsageEvents`). With no events it still checks the key, so a wrong
 * key never gets a 200. A failure of the whole request throws `StoreFailure`.
 */
export type SpanStore = (apiKey: string, events: readonly UsageEventInput[]) => Promise<StoreOutcome>

/** Well inside the api's 32 MB request limit, whatever the events' content. */
const MAX_CHUNK_CHARS = 8 * 1024 * 1024

/** The events in batches `usage.logBatch` accepts: at most 1,000 events and about 8 MB each. */
export function* eventBatches(events: readonly UsageEventInput[]): Generator<UsageEventInput[]> {
  let batch: UsageEventInput[] = []
  let chars = 0
  for (const event of events) {
    const size = JSON.stringify(event).length
    if (batch.length && (batch.length === MAX_BATCH_SIZE || chars + size > MAX_CHUNK_CHARS)) {
      yield batch
      batch = []
      chars = 0
    }
    batch.push(event)
    chars += size
  }
  if (batch.length) yield batch
}

/** A rejected call's HTTP status as the status OTLP exporters act on: 429 and 503 are retried, 4xx are not. */
export function storeFailure(httpStatus: number | undefined, message: string): StoreFailure {
  if (httpStatus === 401) return new StoreFailure(401, `Tokenledger: ${message}`)
  if (httpStatus === 429) return new StoreFailure(429, `Tokenledger is busy: ${message}; retry later`)
  if (httpStatus === 413) return new StoreFailure(413, `Tokenledger: ${message}`)
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500)
    return new StoreFailure(400, `Tokenledger: ${message}`)
  return new StoreFailure(503, `Tokenledger could not store the spans (${message}); retry later`)
}
