import type { Attribution } from '../attribution'
import { BudgetCheckFailedError, TokenledgerConfigError, type TokenledgerError } from '../errors'
import type { BudgetCheckResult } from './budget-errors'
import { BudgetLease, leaseSize } from './budget-lease'
import { type BudgetPass, leasePass, reservedPass } from './budget-pass'
import { budgetScopeKey, DEFAULT_OK_CACHE_TTL_MS } from './budget-scope-key'
import { type BudgetHost, enforceBudget, reservationOf } from './enforce-budget'

/** The budget options of `wrapOpenAI`, `wrapAnthropic` and `tokenledgerMiddleware`. */
export interface BudgetEnforcementOptions {
  /**
   * Check the budgets before each call (default false: the call is only logged). A used-up budget
   * throws `BudgetConfirmationRequired` (with the override request) or `BudgetBlocked`, as the
   * builder does, and nothing is sent to the provider.
   */
  enforceBudgets?: boolean
  /**
   * How long an `ok` answer lets the next calls for the same user and project through without
   * asking, in ms (default 5,000; 0 asks, and reserves, every call). Bounded: they draw on a lease
   * reserved on the api (a quarter of the room left), never on what the api has not set aside.
   */
  budgetCacheTtlMs?: number
  /**
   * When the check itself fails (api unreachable, timeout): `'open'` (default) makes the call and
   * hands a `BudgetCheckFailedError` to `onError`; `'closed'` throws that error and makes no call.
   */
  budgetFailMode?: 'open' | 'closed'
}

/** Budget settings of one call, beside its attribution (`{ tokenledger: { userId, budgetOverride } }`). */
export interface CallBudgetOptions {
  /** Expected cost of the call (decimal USD, e.g. "0.02"); estimated from the request when absent. */
  estimatedCost?: string
  /** The id of the end user's confirmed budget override this call uses; recorded on its log row. */
  budgetOverride?: string
}

/** What the guard needs from its Tokenledger (a `Tokenledger` has it all). */
export interface GuardHost extends BudgetHost {
  /** The check itself, rejecting when the api cannot answer; without it the host's `checkBudget` (fails open) is used. */
  queryBudget?(
    attribution: Attribution,
    estimatedCost?: string,
    options?: { reserve?: boolean },
  ): Promise<BudgetCheckResult>
  /** Sends the queued events: a lease is released only once the events of its calls are stored. */
  flush?(): Promise<unknown>
  reportError?(error: TokenledgerError): void
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DECIMAL = /^\d+(\.\d+)?$/

/** Throws `TokenledgerConfigError` for a malformed per-call cost or override id (never sent to the api). */
export function validateCallBudget(options: CallBudgetOptions): void {
  if (options.estimatedCost !== undefined && !DECIMAL.test(options.estimatedCost)) {
    throw new TokenledgerConfigError('an estimated cost is a decimal string, e.g. "0.02"')
  }
  if (options.budgetOverride !== undefined && !UUID.test(options.budgetOverride)) {
    throw new TokenledgerConfigError('a budget override is the id (a UUID) of a confirmed override')
  }
}

/** The leases of one Tokenledger, shared by every wrapper and middleware enforcing through it. */
interface LeaseBook {
  leases: Map<string, BudgetLease<BudgetCheckResult>>
  /** Lease requests under way per scope: calls arriving meanwhile wait for it rather than each asking. */
  pending: Map<string, Promise<void>>
  /** One per lease holding a reservation, settled once it was released. */
  holding: Set<Promise<void>>
  /** Shut down: no more leases are opened. */
  closed: boolean
}
const sharedBooks = new WeakMap<object, LeaseBook>()
const newBook = (): LeaseBook => ({
  leases: new Map(),
  pending: new Map(),
  holding: new Set(),
  closed: false,
})

/**
 * Releases the leases of every guard enforcing through `host` (its `shutdown()` calls this after
 * the final flush), so they are not held on the api until they expire; no lease opens afterwards.
 */
export function releaseLeases(host: object, timeoutMs?: number): Promise<void> {
  const book = sharedBooks.get(host)
  return book ? closeBook(book, timeoutMs) : Promise.resolve()
}

/** Closes a book's leases and waits (up to `timeoutMs`, default 10 s) until their calls ended and they were released. */
async function closeBook(book: LeaseBook, timeoutMs = 10_000): Promise<void> {
  book.closed = true
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs)
  })
  try {
    // A lease request under way gives its reservation back when it answers (the book is closed).
    await Promise.race([Promise.all(book.pending.values()), timeout])
    for (const lease of book.leases.values()) lease.close()
    await Promise.race([Promise.all(book.holding), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The check an enforcing wrapper makes before each call: the builder's `enforceBudget`, reserving
 * the call's estimate (released when its event is stored), plus a lease per scope that lets the
 * next calls through without asking while an `ok` is fresh and their estimates fit in what the
 * lease reserved; a cost estimate when the caller gives none; failing open or closed when the
 * check cannot be made.
 */
export class BudgetGuard {
  private readonly book: LeaseBook
  private readonly ttlMs: number
  private readonly failClosed: boolean
  private readonly now: () => number

  constructor(
    private readonly host: GuardHost,
    options: Omit<BudgetEnforcementOptions, 'enforceBudgets'> & { now?: () => number } = {},
  ) {
    const ttl = options.budgetCacheTtlMs ?? DEFAULT_OK_CACHE_TTL_MS
    if (!Number.isFinite(ttl) || ttl < 0) {
      throw new TokenledgerConfigError('budgetCacheTtlMs is a number of milliseconds, 0 or more')
    }
    const mode = options.budgetFailMode ?? 'open'
    if (mode !== 'open' && mode !== 'closed') {
      throw new TokenledgerConfigError('budgetFailMode is "open" or "closed"')
    }
    this.ttlMs = ttl
    this.failClosed = mode === 'closed'
    this.now = options.now ?? Date.now
    if (options.now) {
      this.book = newBook()
    } else {
      this.book = sharedBooks.get(host) ?? newBook()
      sharedBooks.set(host, this.book)
    }
  }

  /**
   * Resolves when the call may go ahead, with what it holds (its reservation, or a draw on a
   * lease; the check is null when it failed open); throws `BudgetConfirmationRequired`,
   * `BudgetBlocked`, or with fail-closed `BudgetCheckFailedError`. `estimate` is asked only when
   * the caller gave no cost, once per call.
   */
  async beforeCall(
    attribution: Attribution,
    call: CallBudgetOptions,
    estimate?: () => Promise<string | null>,
  ): Promise<BudgetPass> {
    let estimated: Promise<string | undefined> | undefined
    const cost = () => {
      estimated ??=
        call.estimatedCost !== undefined ? Promise.resolve(call.estimatedCost) : this.estimate(estimate)
      return estimated
    }
    const key = budgetScopeKey(attribution)
    if (this.ttlMs > 0) {
      const drawn = await this.drawOnLease(key, cost)
      if (drawn) return drawn
    }
    const check = await enforceBudget(this.checkingHost(), attribution, {
      estimatedCost: await cost(),
      budgetOverride: call.budgetOverride,
      reserve: true,
    })
    if (check && this.ttlMs > 0) this.openLease(key, attribution, check)
    return reservedPass(this.host, check)
  }

  /** Releases this guard's leases (see `releaseLeases`); for a guard on its own clock, its own book. */
  release(timeoutMs?: number): Promise<void> {
    return closeBook(this.book, timeoutMs)
  }

  /** A draw on the scope's open lease (after the lease request under way, if any), or null. */
  private async drawOnLease(
    key: string,
    cost: () => Promise<string | undefined>,
  ): Promise<BudgetPass | null> {
    let lease = this.book.leases.get(key)
    if (!lease?.isOpen(this.now())) {
      const pending = this.book.pending.get(key)
      if (!pending) return null
      await pending
      lease = this.book.leases.get(key)
      if (!lease) return null
    }
    // A call that cannot be estimated cannot be bounded: the api is asked (nothing is held for it).
    const estimate = lease.unlimited ? '0' : await cost()
    if (estimate === undefined || !lease.take(estimate, this.now())) return null
    return leasePass(lease)
  }

  /**
   * After an `ok`, reserves a lease for the scope in the background: a quarter of the room the
   * answer left (nothing to reserve when no budget applies). Its own answer must be `ok` too.
   */
  private openLease(key: string, attribution: Attribution, check: BudgetCheckResult): void {
    if (this.book.closed || this.book.pending.has(key) || this.book.leases.get(key)?.isOpen(this.now()))
      return
    const size = leaseSize(check)
    if (size === null) return
    if (size === 'unlimited') {
      this.keepLease(key, this.newLease(key, check, null, size))
      return
    }
    const host = this.host
    if (!host.queryBudget) return
    const request = host.queryBudget(attribution, size, { reserve: true }).then(
      (answer) => {
        const id = reservationOf(answer)
        if (answer.status === 'ok' && id && !this.book.closed) {
          this.keepLease(key, this.newLease(key, answer, id, size))
        } else if (id) {
          void host.releaseReservation?.(id)
        }
      },
      // A lease is only a shortcut: without one the next call asks the api itself.
      () => {},
    )
    const clear = () => {
      if (this.book.pending.get(key) === request) this.book.pending.delete(key)
    }
    this.book.pending.set(key, request.then(clear))
  }

  /** A lease for the scope; one holding a reservation counts in the book until it was released. */
  private newLease(
    key: string,
    check: BudgetCheckResult,
    reservationId: string | null,
    size: string | 'unlimited',
  ): BudgetLease<BudgetCheckResult> {
    let released = () => {}
    if (reservationId) {
      const held = new Promise<void>((resolve) => {
        released = resolve
      })
      const holding = this.book.holding
      holding.add(held)
      void held.then(() => holding.delete(held))
    }
    const settle = this.settle(key)
    return new BudgetLease(check, reservationId, size, this.now() + this.ttlMs, (lease) =>
      settle(lease).finally(released),
    )
  }

  private keepLease(key: string, lease: BudgetLease<BudgetCheckResult>): void {
    this.book.leases.get(key)?.close()
    this.book.leases.set(key, lease)
    // An idle lease is closed when it expires, so its reservation does not wait for the api's expiry.
    const timer = setTimeout(() => lease.isOpen(this.now()), Math.max(0, lease.expiresAt - this.now()) + 1)
    ;(timer as { unref?: () => void }).unref?.()
  }

  /**
   * When a lease is done (closed, every call under it ended): forgotten, and its reservation
   * released once the calls' events were sent, so their costs are never uncounted in between.
   */
  private settle(key: string) {
    return async (lease: BudgetLease<BudgetCheckResult>): Promise<void> => {
      if (this.book.leases.get(key) === lease) this.book.leases.delete(key)
      const id = lease.reservationId
      if (!id) return
      const host = this.host
      await Promise.resolve(host.flush?.()).catch(() => {})
      await host.releaseReservation?.(id)
    }
  }

  /** An estimate that cannot be made (tokenizer failed to load, model unpriced) leaves the check without one. */
  private async estimate(estimate?: () => Promise<string | null>): Promise<string | undefined> {
    if (!estimate) return undefined
    try {
      return (await estimate()) ?? undefined
    } catch {
      return undefined
    }
  }

  /** The host, with a check that fails open (reported) or closed (thrown) as configured. */
  private checkingHost(): BudgetHost {
    const host = this.host
    const query = host.queryBudget
    if (!query) return host
    return {
      checkBudget: async (attribution, estimatedCost, options) => {
        try {
          return await query.call(host, attribution, estimatedCost, options)
        } catch (error) {
          if (this.failClosed) throw new BudgetCheckFailedError(error, true)
          host.reportError?.(new BudgetCheckFailedError(error))
          return null
        }
      },
      requestOverride: (attribution, estimatedCost) => host.requestOverride(attribution, estimatedCost),
      overrideUsable: (id) => host.overrideUsable(id),
      releaseReservation: (id) => host.releaseReservation?.(id) ?? Promise.resolve(),
    }
  }
}
