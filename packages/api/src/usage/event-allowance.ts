import { MAX_EVENTS_PER_REQUEST } from '@tokenledger/contract'
import { TRPCError } from '@trpc/server'

export { MAX_EVENTS_PER_REQUEST }

/**
 * Counts the usage events of one HTTP request. `usage.logBatch` bounds each call to 1,000 events,
 * but tRPC batching puts any number of calls in one request: without a per-request count, one
 * request with five batches stored 5,000 events.
 */
export class EventAllowance {
  private used = 0

  constructor(readonly limit = MAX_EVENTS_PER_REQUEST) {}

  /** Claims `count` events for a call, or refuses the call (413, so the SDK sends smaller requests). */
  take(count: number): void {
    if (this.used + count > this.limit) {
      throw new TRPCError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `at most ${this.limit.toLocaleString('en-US')} usage events per HTTP request over all its batched calls; this call would bring it to ${(this.used + count).toLocaleString('en-US')}. Send the rest in another request`,
      })
    }
    this.used += count
  }
}
