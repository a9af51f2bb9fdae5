import { MAX_BATCH_SIZE, type UsageEventInput } from '@tokenledger/contract'
import type { TokenledgerClient } from '@tokenledger/sdk'

/** What the api did with the events of one export request. */
export interface SendOutcome {
  stored: number
  duplicates: number
  rejected: number
  /** The api's reason for each rejected event. */
  errors: string[]
}

/** The api refused or could not take the request as a whole; `status` is what the exporter gets. */
export class ApiFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 429 | 503,
    message: string,
  ) {
    super(message)
  }
}

/** Well inside the api's 32 MB request limit, whatever the events' content. */
const MAX_CHUNK_CHARS = 8 * 1024 * 1024

/**
 * Stores the events through the api's `usage.logBatch` (the one write path, `storeUsageEvents`:
 * redaction, pricing, attribution checks, budget counters, idempotency), in batches the api
 * accepts, one after the other. A failure part-way is thrown: the exporter retries the whole
 * request and the batches already stored come back as duplicates. With no events the key is
 * still checked (by a budget check), so a wrong key never gets a 200.
 */
export async function sendEvents(
  client: TokenledgerClient,
  events: readonly UsageEventInput[],
): Promise<SendOutcome> {
  const outcome: SendOutcome = { stored: 0, duplicates: 0, rejected: 0, errors: [] }
  try {
    if (!events.length) {
      await client.budgets.check.query({})
      return outcome
    }
    for (const batch of batches(events)) {
      const answer = await client.usage.logBatch.mutate({ events: batch })
      outcome.stored += answer.stored
      outcome.duplicates += answer.duplicates
      outcome.rejected += answer.rejected
      for (const result of answer.results) if (result.status === 'rejected') outcome.errors.push(result.error)
    }
  } catch (error) {
    throw apiFailure(error)
  }
  return outcome
}

function* batches(events: readonly UsageEventInput[]): Generator<UsageEventInput[]> {
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

/** The api's answer as the status OTLP exporters act on: 429 and 503 are retried, 4xx are not. */
function apiFailure(error: unknown): ApiFailure {
  const status = (error as { data?: { httpStatus?: unknown } }).data?.httpStatus
  const message = (error as Error).message
  if (status === 401) return new ApiFailure(401, `Tokenledger: ${message}`)
  if (status === 429) return new ApiFailure(429, `Tokenledger is busy: ${message}; retry later`)
  if (status === 413) return new ApiFailure(413, `Tokenledger: ${message}`)
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new ApiFailure(400, `Tokenledger: ${message}`)
  return new ApiFailure(503, `Tokenledger could not store the spans (${message}); retry later`)
}
