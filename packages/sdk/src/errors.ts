import type { UsageEventInput } from '@tokenledger/contract'

/**
 * Errors the SDK reports. Logging problems never reach the app as exceptions: they are handed to
 * the `onError` option. `TokenledgerConfigError` is the one thrown at the app, for a mistake in
 * how the SDK is called (for example `generate()` without `.using()`).
 */
export class TokenledgerError extends Error {
  constructor(
    readonly code:
      | 'CONFIG'
      | 'DELIVERY_FAILED'
      | 'EVENT_REJECTED'
      | 'EVENT_DEAD_LETTERED'
      | 'EVENTS_DROPPED'
      | 'BUDGET_CHECK_FAILED'
      | 'BUDGET_CONFIRMATION_REQUIRED'
      | 'BUDGET_BLOCKED'
      | 'RESERVATION_RELEASE_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The SDK was called in a way that cannot work; thrown at the caller. */
export class TokenledgerConfigError extends TokenledgerError {
  constructor(message: string) {
    super('CONFIG', message)
  }
}

/**
 * A batch could not be delivered. With `willRetry` the events stay queued and are sent again
 * after a backoff (api down, network error, 5xx); without it the batch was given up (the api
 * refused the whole request, e.g. an invalid API key) and `eventCount` events are lost.
 */
export class DeliveryError extends TokenledgerError {
  constructor(
    message: string,
    readonly eventCount: number,
    readonly willRetry: boolean,
    readonly attempt: number,
    cause: unknown,
  ) {
    super('DELIVERY_FAILED', message, { cause })
  }
}

/** The api refused one event (invalid input or attribution); it is not retried. */
export class EventRejectedError extends TokenledgerError {
  constructor(
    readonly reason: string,
    readonly idempotencyKey: string | undefined,
  ) {
    super('EVENT_REJECTED', `the api rejected a usage event: ${reason}`)
  }
}

/**
 * One event kept failing on the api with a server error (5xx) while the events around it were
 * stored: it is given up (dead-lettered) so that it cannot hold back the events queued behind it.
 * `event` is the event as it was queued, for an app that wants to keep it somewhere else.
 */
export class EventDeadLetteredError extends TokenledgerError {
  constructor(
    readonly reason: string,
    readonly idempotencyKey: string | undefined,
    readonly attempts: number,
    readonly event: UsageEventInput,
    cause: unknown,
  ) {
    super(
      'EVENT_DEAD_LETTERED',
      `a usage event failed on the api ${attempts} times while other events were stored; it was given up: ${reason}`,
      { cause },
    )
  }
}

/**
 * The in-memory queue was full (the api has been unreachable for a while) and the oldest events
 * were dropped. Reported once per episode; `stats().dropped` has the running total.
 */
export class EventsDroppedError extends TokenledgerError {
  constructor(readonly maxQueuedEvents: number) {
    super(
      'EVENTS_DROPPED',
      `the usage event queue is full (${maxQueuedEvents} events): dropping the oldest until the api is reachable`,
    )
  }
}

/**
 * `budgets.check` could not be reached before a call. By default the call went ahead (budgets
 * fail open) and this reached `onError`; with `budgetFailMode: 'closed'` (enforcing wrappers) it
 * is thrown at the caller instead and the call was not made (`failedClosed`).
 */
export class BudgetCheckFailedError extends TokenledgerError {
  constructor(
    cause: unknown,
    readonly failedClosed = false,
  ) {
    super(
      'BUDGET_CHECK_FAILED',
      failedClosed
        ? 'the budget check failed; the call was not made (budgets fail closed)'
        : 'the budget check failed; the call went ahead without it',
      { cause },
    )
  }
}

/**
 * A budget reservation held for a call that was never logged (or for a lease whose calls ended)
 * could not be released; the api drops it when it expires (5 minutes by default). Reported to
 * `onError`, never thrown.
 */
export class ReservationReleaseFailedError extends TokenledgerError {
  constructor(
    readonly reservationId: string,
    cause: unknown,
  ) {
    super(
      'RESERVATION_RELEASE_FAILED',
      `the budget reservation ${reservationId} could not be released; it lapses when it expires`,
      { cause },
    )
  }
}
