import type { BudgetCheckResult, Tokenledger, TokenledgerError } from '@tokenledger/sdk'
import { BudgetCheckFailedError, BudgetLease, leaseSize } from '@tokenledger/sdk'

export type GateDecision =
  | {
      pass: true
      /** `unchecked`: the api could not be asked in time, the call goes ahead (budgets fail open). */
      status: 'ok' | 'warning' | 'override' | 'unchecked'
      /** The call's own reservation, which its logged event carries (`budgetReservationId`); null when none. */
      reservationId: string | null
      /**
       * The call is over: `logged` when its event was queued (the event releases the reservation),
       * not when it was refused before reaching the provider (released now). Only the first call counts.
       */
      ended: (logged: boolean) => void
    }
  | {
      pass: false
      httpStatus: 400 | 401 | 402 | 403
      type: string
      message: string
      details?: Record<string, unknown>
    }

export interface BudgetGateOptions {
  /** How long an `ok` lets the next calls of the same key, user and project through. Default 2,000 ms. */
  okCacheMs?: number
  /** A check that takes longer lets the call through. Default 3,000 ms. */
  timeoutMs?: number
  /** Leases and fail-open answers kept at most (oldest dropped first). Default 10,000. */
  maxEntries?: number
  onError?: (error: TokenledgerError) => void
  /** The clock, for tests. */
  now?: () => number
}

type Lease = BudgetLease<BudgetCheckResult>

/**
 * The api's `budgets.check` in front of every call, reserving the call's estimate (released when
 * its event is stored). It also authenticates the key: the api refuses an unknown or revoked key,
 * and so does the gateway. An `ok` opens a lease per key, user and project (a quarter of the room
 * left, reserved on the api) that lets the next calls through without asking while their
 * estimates fit and it is younger than `okCacheMs`. It is renewed in the background once half its
 * life or half its amount is gone, so a busy key does not wait on the api and a budget that trips
 * is seen within `okCacheMs`. One request per key at a time: calls that find no open lease while
 * a check or lease request is under way wait for it rather than each asking (a burst of calls on
 * an idle key costs one round trip to the api, not one each, queued on the api's budget locks).
 */
export class BudgetGate {
  /** Per key: the newest lease, open or not (a closed one still says what size to reopen it with). */
  private readonly leases = new Map<string, Lease>()
  /** A check or lease request under way per key: calls arriving meanwhile wait for it. */
  private readonly pending = new Map<string, Promise<void>>()
  /** Keys whose check failed (api away): until then, calls go ahead unchecked without waiting again. */
  private readonly unchecked = new Map<string, number>()
  /** Leases holding a reservation, until it was released (after their calls' events were sent). */
  private readonly holding = new Set<Promise<void>>()
  private closed = false
  private readonly now: () => number

  constructor(private readonly options: BudgetGateOptions = {}) {
    this.now = options.now ?? Date.now
  }

  /** `estimatedCost`: the call's expected cost (decimal USD), see call-estimate.ts; undefined when unpriced. */
  async decide(
    tokenledger: Tokenledger,
    apiKey: string,
    call: CallScope & { budgetOverrideId?: string },
    estimatedCost?: string,
  ): Promise<GateDecision> {
    const scope = budgetScope(call)
    // The two forms never collide: a numeric id and an external id are keyed apart.
    const cacheKey = [
      apiKey,
      call.userId ?? '',
      call.user?.externalId ?? '',
      call.projectId ?? '',
      call.project?.externalId ?? '',
    ].join('\u0000')

    const drawn = await this.drawOnLease(tokenledger, cacheKey, scope, estimatedCost)
    if (drawn) return drawn
    // Another call of the key started asking meanwhile: its answer may open a lease for this one too.
    const asking = this.pending.get(cacheKey)
    if (asking) {
      await asking
      const after = await this.drawOnLease(tokenledger, cacheKey, scope, estimatedCost)
      if (after) return after
    }
    const uncheckedUntil = this.unchecked.get(cacheKey)
    if (uncheckedUntil !== undefined && uncheckedUntil > this.now()) return passing('unchecked', null)

    // The first call of a key with no lease asks alone; calls arriving meanwhile wait for its answer
    // (and the lease it opens). A warning or a refusal opens none: they then ask for themselves.
    const opened = this.ttl() > 0 && !this.closed ? this.track(cacheKey) : undefined
    let check: BudgetCheckResult
    try {
      check = await tokenledger.client.budgets.check.query(
        // Only an estimate can be held: an unpriced call is checked, holding nothing.
        { ...scope, ...(estimatedCost ? { estimatedCost, reserve: true } : {}) },
        { signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000) },
      )
    } catch (error) {
      opened?.()
      const refused = refusal(error)
      if (refused) return refused
      this.failOpen(cacheKey, error)
      return passing('unchecked', null)
    }
    this.unchecked.delete(cacheKey)
    const reservationId = check.reservation?.id ?? null
    const release = () => {
      if (reservationId) void tokenledger.releaseReservation(reservationId)
    }

    if (check.status === 'ok') {
      const size = this.ttl() > 0 && !this.closed ? leaseSize(check) : null
      // No budget applies: the answer itself is the lease (nothing to reserve, no second request).
      if (size === 'unlimited') this.keep(tokenledger, cacheKey, check, null, size)
      opened?.()
      if (size !== null && size !== 'unlimited') this.requestLease(tokenledger, cacheKey, scope, size)
      return passing('ok', reservationId, release)
    }
    opened?.()
    if (check.status === 'warning') return passing('warning', reservationId, release)
    // Not going ahead: whatever the check held is given back.
    release()
    const details = { status: check.status, budgets: check.budgets }
    if (check.status === 'blocked')
      return { pass: false, httpStatus: 403, type: 'budget_blocked', message: check.message, details }

    // Exceeded: a confirmed override lets the call through; otherwise ask the user to confirm one.
    if (call.budgetOverrideId && (await usable(tokenledger, call.budgetOverrideId)))
      return passing('override', null)
    if (call.userId == null && call.user == null) {
      return {
        pass: false,
        httpStatus: 402,
        type: 'budget_confirmation_required',
        message: `${check.message} An override is a user's decision: name the user with x-tokenledger-user to get a confirmation link.`,
        details,
      }
    }
    try {
      const request = await tokenledger.client.budgets.requestOverride.mutate(scope)
      return {
        pass: false,
        httpStatus: 402,
        type: 'budget_confirmation_required',
        message: `${check.message} Confirm at ${request.confirmationUrl} then retry with the header x-tokenledger-override: ${request.id}`,
        details: { ...details, overrideId: request.id, confirmationUrl: request.confirmationUrl },
      }
    } catch (error) {
      const refused = refusal(error)
      if (refused) return refused
      return {
        pass: false,
        httpStatus: 402,
        type: 'budget_confirmation_required',
        message: check.message,
        details,
      }
    }
  }

  /**
   * A pass on the key's lease, or null: the call is asked of the api. A lease that is closed
   * (expired, or run dry) is renewed with its size and the call waits for that, as it does for a
   * check or renewal under way; a call that cannot be estimated cannot be bounded, so it is asked.
   */
  private async drawOnLease(
    tokenledger: Tokenledger,
    cacheKey: string,
    scope: CallScope,
    estimatedCost: string | undefined,
  ): Promise<GateDecision | null> {
    // Each wait is for an answer that replaces the lease; three rounds cover "check, then lease".
    for (let waits = 0; waits < 3; waits++) {
      const lease = this.leases.get(cacheKey)
      const pending = this.pending.get(cacheKey)
      const estimate = lease?.unlimited ? '0' : estimatedCost
      if (lease && (estimate === undefined || !lease.covers(estimate))) return null
      if (lease && estimate !== undefined && lease.isOpen(this.now())) {
        if (lease.take(estimate, this.now())) {
          this.renewAhead(tokenledger, cacheKey, scope, lease)
          return passing('ok', null, undefined, () => lease.finish())
        }
        // Run dry (take closed it): renew below, or wait for the renewal already asked for.
      }
      if (pending) {
        await pending
        continue
      }
      if (!lease || this.closed) return null
      this.requestLease(tokenledger, cacheKey, scope, lease.size)
    }
    return null
  }

  /** Renewal before a lease runs out: in the second half of its life, or once half of it is spent. */
  private renewAhead(tokenledger: Tokenledger, cacheKey: string, scope: CallScope, lease: Lease): void {
    if (this.pending.has(cacheKey) || this.closed) return
    if (lease.expiresAt - this.now() < this.ttl() / 2 || lease.halfSpent())
      this.requestLease(tokenledger, cacheKey, scope, lease.size)
  }

  /**
   * Reserves a lease of `size` in the background (for no budget: asks whether that is still so).
   * An answer that is not `ok` drops the key's lease: the next call is asked of the api.
   */
  private requestLease(
    tokenledger: Tokenledger,
    cacheKey: string,
    scope: CallScope,
    size: string | 'unlimited',
  ): void {
    if (this.pending.has(cacheKey)) return
    const done = this.track(cacheKey)
    const reserve = size !== 'unlimited'
    tokenledger.client.budgets.check
      .query(
        { ...scope, ...(reserve ? { estimatedCost: size, reserve: true } : {}) },
        { signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000) },
      )
      .then(
        (answer) => {
          this.unchecked.delete(cacheKey)
          const id = answer.reservation?.id ?? null
          const leased = reserve ? answer.status === 'ok' && id !== null : leaseSize(answer) === 'unlimited'
          if (!leased || this.closed) {
            if (id) void tokenledger.releaseReservation(id)
            this.drop(cacheKey)
            // Budgets appeared where none applied, or the room is gone: the next call asks for itself.
            return
          }
          this.keep(tokenledger, cacheKey, answer, id, size)
        },
        (error: unknown) => {
          // The key's own refusals (a revoked key) come back to the next call's own check.
          if (refusal(error)) return this.drop(cacheKey)
          // A renewal that failed leaves the open lease in place: it still bounds its calls.
          if (this.leases.get(cacheKey)?.isOpen(this.now())) return
          // Otherwise calls are waiting for this answer: the api is away, they go ahead unchecked
          // rather than each waiting for its own timeout.
          this.drop(cacheKey)
          this.failOpen(cacheKey, error)
        },
      )
      .finally(done)
  }

  /** The key's new lease: the one it replaces closes (and settles once its calls ended). */
  private keep(
    tokenledger: Tokenledger,
    cacheKey: string,
    check: BudgetCheckResult,
    reservationId: string | null,
    size: string | 'unlimited',
  ): void {
    let released = () => {}
    const lease: Lease = new BudgetLease(check, reservationId, size, this.now() + this.ttl(), (done) =>
      this.settle(tokenledger, done).finally(released),
    )
    if (reservationId) {
      const held = new Promise<void>((resolve) => {
        released = resolve
      })
      this.holding.add(held)
      void held.then(() => this.holding.delete(held))
    }
    this.leases.get(cacheKey)?.close()
    this.remember(this.leases, cacheKey, lease)
    // An idle lease closes when it expires, so its reservation is released without waiting for a call.
    const timer = setTimeout(() => lease.isOpen(this.now()), this.ttl() + 1)
    timer.unref()
  }

  private drop(cacheKey: string): void {
    this.leases.get(cacheKey)?.close()
    this.leases.delete(cacheKey)
  }

  /** Marks a check or lease request under way for the key; the returned function ends it. */
  private track(cacheKey: string): () => void {
    let end = () => {}
    const tracked = new Promise<void>((resolve) => {
      end = resolve
    })
    this.pending.set(cacheKey, tracked)
    return () => {
      if (this.pending.get(cacheKey) === tracked) this.pending.delete(cacheKey)
      end()
    }
  }

  /** Fail open, and remember it: while the api is away, one call per key waits for the timeout every okCacheMs. */
  private failOpen(cacheKey: string, error: unknown): void {
    this.options.onError?.(new BudgetCheckFailedError(error))
    this.remember(this.unchecked, cacheKey, this.now() + this.ttl())
  }

  /** A lease that is closed and whose calls all ended: released once their events were sent. */
  private async settle(tokenledger: Tokenledger, lease: Lease): Promise<void> {
    const id = lease.reservationId
    if (!id) return
    await tokenledger.flush().catch(() => {})
    await tokenledger.releaseReservation(id)
  }

  /**
   * Stops opening leases and releases the open ones' reservations once their calls ended and
   * their events were sent (call it after the loggers' final flush): a gateway that stops does
   * not leave its leases held on the api until they expire. Waits up to `timeoutMs`.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())
    // A lease request under way gives its reservation back when it answers (the gate is closed).
    await Promise.race([Promise.all(this.pending.values()), timeout])
    for (const lease of this.leases.values()) lease.close()
    this.leases.clear()
    await Promise.race([Promise.all(this.holding), timeout])
  }

  private ttl(): number {
    return this.options.okCacheMs ?? 2_000
  }

  private remember<V>(map: Map<string, V>, cacheKey: string, value: V): void {
    const max = this.options.maxEntries ?? 10_000
    map.delete(cacheKey)
    map.set(cacheKey, value)
    while (map.size > max) {
      const oldest = map.keys().next().value as string
      const evicted = map.get(oldest)
      map.delete(oldest)
      if (evicted instanceof BudgetLease) evicted.close()
    }
  }
}

/** A passing decision; `release` gives back the call's reservation, `finish` ends a lease draw. */
function passing(
  status: 'ok' | 'warning' | 'override' | 'unchecked',
  reservationId: string | null,
  release: (() => void) | undefined = undefined,
  finish: (() => void) | undefined = undefined,
): GateDecision {
  let done = false
  return {
    pass: true,
    status,
    reservationId,
    ended: (logged) => {
      if (done) return
      done = true
      finish?.()
      if (!logged) release?.()
    },
  }
}

/** The user and project a call names, each by Tokenledger's id or by the app's own. */
interface CallScope {
  userId?: number
  user?: { externalId: string }
  projectId?: number
  project?: { externalId: string }
}

/** The user and project in the form the api's budget procedures take: one form each, or none. */
function budgetScope(call: CallScope): CallScope {
  const user = call.user ? { user: call.user } : call.userId != null ? { userId: call.userId } : {}
  const project = call.project
    ? { project: { externalId: call.project.externalId } }
    : call.projectId != null
      ? { projectId: call.projectId }
      : {}
  return { ...user, ...project }
}

async function usable(tokenledger: Tokenledger, overrideId: string): Promise<boolean> {
  const override = await tokenledger.client.budgets.getOverride.query({ overrideId }).catch(() => null)
  return override?.status === 'confirmed' && !override.expired
}

/** The api's own refusals (bad key, unknown user, a budget that forbids overrides) are the caller's answer. */
function refusal(error: unknown): GateDecision | undefined {
  const data = (error as { data?: { httpStatus?: number; code?: string } } | undefined)?.data
  const message = (error as Error | undefined)?.message ?? 'refused'
  if (data?.httpStatus === 401)
    return { pass: false, httpStatus: 401, type: 'invalid_api_key', message: `Tokenledger: ${message}` }
  if (data?.code === 'FORBIDDEN')
    return { pass: false, httpStatus: 403, type: 'budget_blocked', message: `Tokenledger: ${message}` }
  if (data?.httpStatus === 400)
    return { pass: false, httpStatus: 400, type: 'invalid_request_error', message: `Tokenledger: ${message}` }
  return undefined
}
