import { STORED_CONTENT_CHARS } from '@tokenledger/domain'

/** Events one `usage.logBatch` call may carry. */
export const MAX_BATCH_SIZE = 1_000

/**
 * Usage events one HTTP request may carry over all the calls tRPC batches into it: without a
 * per-request count, one request with five batches would store 5,000 events.
 */
export const MAX_EVENTS_PER_REQUEST = 1_000

/** The api stores error messages up to this length (cutting longer ones); clients need send no more. */
export const MAX_ERROR_MESSAGE_CHARS = STORED_CONTENT_CHARS.errorMessage
