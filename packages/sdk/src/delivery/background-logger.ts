import { type EventResult, MAX_BATCH_SIZE, type UsageEventInput } from '@tokenledger/contract'
import {
  DeliveryError,
  EventDeadLetteredError,
  EventRejectedError,
  EventsDroppedError,
  type TokenledgerError,
} from '../errors'
import { type BackoffOptions, backoffDelay } from './backoff'
import { classifyFailure } from './classify-failure'

/**
 * A set-aside event is given up only after failing this many more times alone once other events
 * were stored: one failure right after an outage (a connection the api had not yet renewed) is
 * not enough to call an event poison.
 */
const FAILURES_WHILE_HEALTHY_TO_DEAD_LETTER = 2

export interface BatchOptions extends BackoffOptions {
  /** Events per `usage.logBatch` request (max 1,000). Default 100. */
  maxBatchSize?: number
  /** A partial batch is sent at most this long after its first event was queued. Default 1,000 ms. */
  flushIntervalMs?: number
  /** Events kept in memory while the api is unreachable; beyond it the oldest are dropped. Default 10,000. */
  maxQueuedEvents?: number
  /** A request carries at most about this many bytes of JSON (a larger single event goes alone). Default 4 MiB. */
  maxBatchBytes?: number
  /** A request that takes longer is abandoned and retried. Default 15,000 ms. */
  requestTimeoutMs?: number
  /** How long `flush()` / `shutdown()` keep trying by default. Default 10,000 ms. */
  flushTimeoutMs?: number
  /**
   * Tries of the same batch answered with a server error (500) before it is split in halves, and
   * of a single event before it is set aside behind the others. Default 3.
   */
  poisonAttempts?: number
}

/** The part of the api's `EventResult` the logger reads (test doubles answer with no more). */
export type EventResultLike = Pick<EventResult, 'index' | 'status'> & { error?: string }

/** Sends one batch; rejects when the request fails as a whole. */
export type SendBatch = (
  events: UsageEventInput[],
  signal: AbortSignal,
) => Promise<{ results: EventResultLike[] }>

export interface DeliveryStats {
  /** Events waiting in memory, including the ones in the request under way. */
  queued: number
  /** Events in the request under way. */
  inFlight: number
  /** Events the api stored. */
  stored: number
  /** Events the api already had (a retry of a batch whose response was lost). */
  duplicates: number
  /** Events the api refused (invalid input or attribution, too large) or that could not be serialised. */
  rejected: number
  /** Events dropped because the queue was full, or logged after `shutdown()`. */
  dropped: number
  /** Events given up because the api refused the whole request (e.g. an invalid API key). */
  failed: number
  /** Events given up because the api kept failing on them (5xx) while it stored the others. */
  deadLettered: number
  /** Failed requests that were (or will be) retried. */
  retries: number
}

export interface FlushResult {
  /** True when every queued event was delivered (or settled: stored, duplicate, rejected). */
  flushed: boolean
  /** Events still queued (the api was unreachable until the timeout). */
  remaining: number
}

interface Queued {
  event: UsageEventInput
  bytes: number
  /** Server errors (500) this event got when sent alone. */
  soloFailures?: number
  /** `successes` at its first solo failure: a success after it shows the api works for other events. */
  successesAtFirstSoloFailure?: number
  /** Solo failures after the api was seen storing other events. */
  failuresWhileHealthy?: number
  /** Set aside: sent alone, after the events queued before it was set aside. */
  parked?: boolean
}

/**
 * The in-memory outbox: events are queued, sent in batches in the background, retried with
 * backoff while the api is unreachable, and never surface as errors in the app (they go to
 * `onError`). Events stay at the head of the queue until a request that carried them succeeds, so
 * nothing is lost while the api is down; each carries an idempotency key, so a batch whose
 * response was lost can be sent again safely. Its timers are unref'd: they never keep a process
 * alive (an awaited `flush()` does, until it is done or times out).
 *
 * A poison event (one the api fails on with a 500, sinking its whole batch) must not hold back the
 * events behind it: a batch that keeps getting a 500 is split in halves until the event is alone;
 * then it is set aside behind the other events, and given up (`onError` gets an
 * `EventDeadLetteredError`) only once it kept failing while the api stored other events. A 500
 * the api answers for every request (its database is down) therefore loses nothing: nothing is
 * stored in the meantime, so nothing is given up, and everything goes once the api recovers.
 */
export class BackgroundLogger {
  private readonly queue: Queued[] = []
  private inFlight = 0
  private sending: Promise<void> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerDue = Number.POSITIVE_INFINITY
  private consecutiveFailures = 0
  private retryAt = 0
  private splitLimit: number | undefined
  /** Successful requests so far: the proof that the api works, for telling poison from outage. */
  private successes = 0
  /** The head event of the batch that got `suspectFailures` 500s in a row. */
  private suspectHead: Queued | undefined
  private suspectFailures = 0
  /** Head events of a batch that kept getting 500s, being bisected; 0 when there is none. */
  private suspects = 0
  /** While bisecting: the size of the next batch. */
  private window: number | undefined
  private flushing = 0
  private dropping = false
  private closed = false
  private readonly counters = {
    stored: 0,
    duplicates: 0,
    rejected: 0,
    dropped: 0,
    failed: 0,
    deadLettered: 0,
    retries: 0,
  }

  private readonly maxBatchSize: number
  private readonly maxQueuedEvents: number
  private readonly flushIntervalMs: number
  private readonly maxBatchBytes: number
  private readonly requestTimeoutMs: number
  private readonly flushTimeoutMs: number
  private readonly poisonAttempts: number

  constructor(
    private readonly send: SendBatch,
    private readonly options: BatchOptions = {},
    private readonly onError?: (error: TokenledgerError) => void,
    private readonly random: () => number = Math.random,
  ) {
    this.maxQueuedEvents = Math.max(1, Math.floor(options.maxQueuedEvents ?? 10_000))
    this.maxBatchSize = Math.max(
      1,
      Math.min(Math.floor(options.maxBatchSize ?? 100), MAX_BATCH_SIZE, this.maxQueuedEvents),
    )
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 1_000)
    this.maxBatchBytes = Math.max(1, options.maxBatchBytes ?? 4 * 1024 * 1024)
    this.requestTimeoutMs = Math.max(1, options.requestTimeoutMs ?? 15_000)
    this.flushTimeoutMs = Math.max(0, options.flushTimeoutMs ?? 10_000)
    this.poisonAttempts = Math.max(1, Math.floor(options.poisonAttempts ?? 3))
  }

  /** Queues one event; returns at once and never throws. */
  enqueue(event: UsageEventInput): void {
    if (this.closed) {
      this.counters.dropped++
      return
    }
    let bytes: number
    try {
      bytes = byteLength(JSON.stringify(event))
    } catch (error) {
      this.counters.rejected++
      this.report(
        new EventRejectedError(
          `the event cannot be serialised to JSON: ${(error as Error).message}`,
          event.idempotencyKey,
        ),
      )
      return
    }
    this.queue.push({ event, bytes })
    this.trim()
    this.wake(this.queue.length - this.inFlight >= this.maxBatchSize ? 0 : this.flushIntervalMs)
  }

  stats(): DeliveryStats {
    return { queued: this.queue.length, inFlight: this.inFlight, ...this.counters }
  }

  /**
   * Sends everything queued now, retrying (with backoff) until the queue is empty or `timeoutMs`
   * passed. Never rejects: what could not be sent stays queued and is counted in `remaining`.
   */
  async flush(timeoutMs: number = this.flushTimeoutMs): Promise<FlushResult> {
    const deadline = Date.now() + timeoutMs
    this.flushing++
    // An awaited flush is the one thing that may keep the process alive, up to its timeout.
    const keepAlive = setTimeout(() => {}, timeoutMs)
    try {
      while (this.queue.length > 0 && !this.closed) {
        const now = Date.now()
        if (now >= deadline) break
        if (now < this.retryAt) {
          await sleep(Math.min(this.retryAt, deadline) - now)
          continue
        }
        await Promise.race([this.pump(), sleep(deadline - now)])
      }
    } finally {
      this.flushing--
      clearTimeout(keepAlive)
    }
    return { flushed: this.queue.length === 0, remaining: this.queue.length }
  }

  /** Flushes, then stops: timers are cleared and later events are dropped (counted in `dropped`). */
  async shutdown(timeoutMs?: number): Promise<FlushResult> {
    const result = await this.flush(timeoutMs)
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
    return result
  }

  /** Makes sure a send happens within `delayMs` (never before a pending retry time). */
  private wake(delayMs: number): void {
    if (this.closed) return
    const due = Math.max(Date.now() + delayMs, this.retryAt)
    if (this.timer && this.timerDue <= due) return
    clearTimeout(this.timer)
    this.timerDue = due
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        this.timerDue = Number.POSITIVE_INFINITY
        void this.pump()
      },
      Math.max(0, due - Date.now()),
    )
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  /** Runs one drain at a time; callers share the one under way. */
  private pump(): Promise<void> {
    if (!this.sending) {
      this.sending = this.drain().finally(() => {
        this.sending = null
      })
    }
    return this.sending
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      if (Date.now() < this.retryAt) return this.wake(0)
      const keepGoing = await this.sendNext()
      if (!keepGoing) return this.wake(0)
      const waiting = this.queue.length
      if (waiting === 0) return
      // A full batch goes at once; a partial one waits for the interval unless a flush is on.
      if (waiting < this.maxBatchSize && this.flushing === 0) return this.wake(this.flushIntervalMs)
    }
  }

  /** Sends the batch at the head of the queue; false when it must be retried after a backoff. */
  private async sendNext(): Promise<boolean> {
    const batch = this.takeBatch()
    const events = batch.map((q) => q.event)
    try {
      const response = await this.send(events, AbortSignal.timeout(this.requestTimeoutMs))
      this.settle(batch.length)
      this.consecutiveFailures = 0
      this.retryAt = 0
      this.splitLimit = undefined
      this.dropping = false
      this.successes++
      this.suspectHead = undefined
      this.suspectFailures = 0
      if (!batch[0]?.parked) this.narrowSuspects(batch.length)
      this.count(events, response.results)
      return true
    } catch (error) {
      this.inFlight = 0
      const action = classifyFailure(error)
      if (action === 'split' && batch.length > 1) {
        this.splitLimit = Math.ceil(batch.length / 2)
        return true
      }
      if (action === 'split') {
        this.settle(1)
        this.counters.rejected++
        this.report(
          new EventRejectedError('the event is too large for the api (413)', events[0]?.idempotencyKey),
        )
        return true
      }
      if (action === 'drop') {
        this.settle(batch.length)
        this.counters.failed += batch.length
        this.report(
          new DeliveryError(
            `the api refused the batch, ${batch.length} events are lost: ${(error as Error)?.message}`,
            batch.length,
            false,
            this.consecutiveFailures + 1,
            error,
          ),
        )
        return true
      }
      this.consecutiveFailures++
      let backoffAttempt = this.consecutiveFailures
      let goOn = false
      if (action === 'suspect') {
        const outcome = this.isolate(batch, error)
        if (outcome === 'dead-lettered') return true
        // A split or a set-aside event lets other events go at once (unless they are set aside too).
        goOn = outcome === 'go-on' && !this.queue[0]?.parked
        // Back off by this batch's own tries: a split restarts the count, so finding a poison
        // event takes seconds, not the long delays of an outage.
        backoffAttempt = batch.length > 1 ? this.suspectFailures : (batch[0]?.soloFailures ?? backoffAttempt)
      }
      this.counters.retries++
      this.report(
        new DeliveryError(
          `could not deliver ${batch.length} usage events (attempt ${this.consecutiveFailures}), retrying: ${(error as Error)?.message}`,
          batch.length,
          true,
          this.consecutiveFailures,
          error,
        ),
      )
      if (goOn) return true
      this.retryAt = Date.now() + backoffDelay(backoffAttempt, this.options, this.random)
      this.trim()
      return false
    }
  }

  /**
   * After a 500 (`suspect`): counts the tries of this batch and splits it once it had
   * `poisonAttempts`; a single event is set aside behind the others after as many tries, and
   * dead-lettered once it keeps failing while the api stores other events.
   */
  private isolate(batch: Queued[], error: unknown): 'retry' | 'go-on' | 'dead-lettered' {
    const head = batch[0] as Queued
    if (batch.length === 1) {
      head.soloFailures = (head.soloFailures ?? 0) + 1
      head.successesAtFirstSoloFailure ??= this.successes
      if (this.successes > head.successesAtFirstSoloFailure) {
        head.failuresWhileHealthy = (head.failuresWhileHealthy ?? 0) + 1
      }
      if (
        head.soloFailures >= this.poisonAttempts &&
        (head.failuresWhileHealthy ?? 0) >= FAILURES_WHILE_HEALTHY_TO_DEAD_LETTER
      ) {
        this.settle(1)
        this.narrowSuspects(1)
        this.counters.deadLettered++
        this.report(
          new EventDeadLetteredError(
            (error as Error)?.message ?? String(error),
            head.event.idempotencyKey,
            head.soloFailures,
            head.event,
            error,
          ),
        )
        return 'dead-lettered'
      }
      if (head.soloFailures < this.poisonAttempts) return 'retry'
      // Set it aside behind the others: they go on, and show whether the api works at all.
      const wasParked = head.parked
      head.parked = true
      if (!wasParked) this.narrowSuspects(1)
      if (this.queue.length === 1) return 'retry'
      this.queue.push(...this.queue.splice(0, 1))
      return 'go-on'
    }
    if (this.suspectHead !== head) {
      this.suspectHead = head
      this.suspectFailures = 0
    }
    this.suspectFailures++
    if (this.suspectFailures < this.poisonAttempts) return 'retry'
    // The same batch failed every time: bisect it, first half first.
    this.suspects = batch.length
    this.window = Math.ceil(batch.length / 2)
    this.suspectHead = undefined
    this.suspectFailures = 0
    return 'go-on'
  }

  /** `n` events at the head left the suspect group (stored, set aside, given up). */
  private narrowSuspects(n: number): void {
    if (this.suspects === 0) return
    this.suspects = Math.max(0, this.suspects - n)
    // What is left of the group holds the poison event (if the half just sent did not): send it all.
    this.window = this.suspects || undefined
  }

  /** The head of the queue, up to the batch size and byte budget (always at least one event). */
  private takeBatch(): Queued[] {
    if (this.queue[0]?.parked) {
      this.inFlight = 1
      return this.queue.slice(0, 1)
    }
    const limit = Math.min(
      this.maxBatchSize,
      this.splitLimit ?? Number.POSITIVE_INFINITY,
      this.window ?? Number.POSITIVE_INFINITY,
    )
    let bytes = 0
    let n = 0
    for (const item of this.queue) {
      if (n >= limit || item.parked || (n > 0 && bytes + item.bytes > this.maxBatchBytes)) break
      bytes += item.bytes
      n++
    }
    this.inFlight = n
    return this.queue.slice(0, n)
  }

  /** Removes the first `n` events, which a request has settled. */
  private settle(n: number): void {
    this.queue.splice(0, n)
    this.inFlight = 0
  }

  private count(events: UsageEventInput[], results: EventResultLike[]): void {
    for (const result of results) {
      if (result.status === 'stored') this.counters.stored++
      else if (result.status === 'duplicate') this.counters.duplicates++
      else {
        this.counters.rejected++
        this.report(new EventRejectedError(result.error ?? 'rejected', events[result.index]?.idempotencyKey))
      }
    }
  }

  /** Keeps the queue within its bound by dropping the oldest events not in a request under way. */
  private trim(): void {
    let dropped = 0
    while (this.queue.length > this.maxQueuedEvents && this.queue.length > this.inFlight) {
      this.queue.splice(this.inFlight, 1)
      if (this.inFlight < this.suspects) this.narrowSuspects(1)
      dropped++
    }
    if (!dropped) return
    this.counters.dropped += dropped
    if (!this.dropping) {
      this.dropping = true
      this.report(new EventsDroppedError(this.maxQueuedEvents))
    }
  }

  private report(error: TokenledgerError): void {
    try {
      this.onError?.(error)
    } catch {
      // An onError that throws must not break logging either.
    }
  }
}

const utf8 = new TextEncoder()

/** UTF-8 size of the JSON; Buffer where there is one (Node, faster), TextEncoder on edge runtimes. */
function byteLength(json: string): number {
  return typeof Buffer !== 'undefined' ? Buffer.byteLength(json) : utf8.encode(json).length
}

/** Unref'd: a flush keeps the process alive with its own timer, cleared when the flush ends. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref?.())
}
