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
 * estimates fit and it is younger than `okCacheMs`; in the second half of its life it is renewed
 * in the background, so a busy key rarely waits and a budget that trips is seen within `okCacheMs`.
 */
export class BudgetGate {
  private readonly leases = new Map<string, Lease>()
  /** Lease requests under way: calls arriving meanwhile wait for it rather than each asking. */
  private readonly pending = new Map<string, Promise<void>>()
  /** Keys whose check failed (api away): until then, calls go ahead unchecked without waiting again. */
  private readonly unchecked = new Map<string, number>()
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
    const uncheckedUntil = this.unchecked.get(cacheKey)
    if (uncheckedUntil !== undefined && uncheckedUntil > this.now()) return passing('unchecked', null)

    let check: BudgetCheckResult
    try {
      check = await tokenledger.client.budgets.check.query(
        // Only an estimate can be held: an unpriced call is checked, holding nothing.
        { ...scope, ...(estimatedCost ? { estimatedCost, reserve: true } : {}) },
        { signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000) },
      )
    } catch (error) {
      const refused = refusal(error)
      if (refused) return refused
      this.options.onError?.(new BudgetCheckFailedError(error))
      // Fail open, and remember it: while the api is away, one call per key, user and project waits for
      // the timeout every okCacheMs instead of every call.
      this.remember(this.unchecked, cacheKey, this.now() + this.ttl())
      return passing('unchecked', null)
    }
    this.unchecked.delete(cacheKey)
    const reservationId = check.reservation?.id ?? null
    const release = () => {
      if (reservationId) void tokenledger.releaseReservation(reservationId)
    }

    if (check.status === 'ok') {
      const size = this.ttl() > 0 ? leaseSize(check) : null
      if (size !== null) this.requestLease(tokenledger, cacheKey, scope, size)
      return passing('ok', reservationId, release)
    }
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
   * A pass on the key's open lease (after a lease request under way, if any), or null: the call is
   * asked of the api. A call that cannot be estimated cannot be bounded, so it is asked too.
   */
  private async drawOnLease(
    tokenledger: Tokenledger,
    cacheKey: string,
    scope: CallScope,
    estimatedCost: string | undefined,
  ): Promise<GateDecision | null> {
    let lease = this.leases.get(cacheKey)
    if (!lease?.isOpen(this.now())) {
      const pending = this.pending.get(cacheKey)
      if (!pending) return null
      await pending
      lease = this.leases.get(cacheKey)
      if (!lease) return null
    }
    const estimate = lease.unlimited ? '0' : estimatedCost
    if (estimate === undefined || !lease.take(estimate, this.now())) return null
    // Renew ahead: in the second half of its life a lease is replaced in the background.
    if (lease.expiresAt - this.now() < this.ttl() / 2 && !this.pending.has(cacheKey)) {
      this.requestLease(tokenledger, cacheKey, scope, lease.size)
    }
    const taken = lease
    return passing(
      'ok',
      null,
      () => {},
      () => taken.finish(),
    )
  }

  /**
   * Reserves a lease of `size` in the background (for no budget: asks whether that is still so).
   * An answer that is not `ok` drops the current lease: the next call is asked of the api.
   */
  private requestLease(
    tokenledger: Tokenledger,
    cacheKey: string,
    scope: CallScope,
    size: string | 'unlimited',
  ): void {
    if (this.pending.has(cacheKey)) return
    const reserve = size !== 'unlimited'
    const request = tokenledger.client.budgets.check
      .query(
        { ...scope, ...(reserve ? { estimatedCost: size, reserve: true } : {}) },
        { signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000) },
      )
      .then(
        (answer) => {
          const id = answer.reservation?.id ?? null
          const leased = reserve ? answer.status === 'ok' && id !== null : leaseSize(answer) === 'unlimited'
          if (!leased) {
            if (id) void tokenledger.releaseReservation(id)
            this.leases.get(cacheKey)?.close()
            this.leases.delete(cacheKey)
            // Budgets appeared where none applied: the next call reserves for itself and takes a lease.
            return
          }
          const lease: Lease = new BudgetLease(answer, id, size, this.now() + this.ttl(), (done) =>
            this.settle(tokenledger, cacheKey, done),
          )
          this.leases.get(cacheKey)?.close()
          this.remember(this.leases, cacheKey, lease)
          const timer = setTimeout(() => lease.isOpen(this.now()), this.ttl() + 1)
          timer.unref()
        },
        // A lease is only a shortcut: without one the next call asks the api itself.
        () => {},
      )
    const clear = () => {
      if (this.pending.get(cacheKey) === tracked) this.pending.delete(cacheKey)
    }
    const tracked: Promise<void> = request.then(clear)
    this.pending.set(cacheKey, tracked)
  }

  /** A lease that is closed and whose calls all ended: released once their events were sent. */
  private settle(tokenledger: Tokenledger, cacheKey: string, lease: Lease): void {
    if (this.leases.get(cacheKey) === lease) this.leases.delete(cacheKey)
    const id = lease.reservationId
    if (!id) return
    void tokenledger
      .flush()
      .catch(() => {})
      .then(() => tokenledger.releaseReservation(id))
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
  release: () => void = () => {},
  finish: () => void = () => {},
): GateDecision {
  let done = false
  return {
    pass: true,
    status,
    reservationId,
    ended: (logged) => {
      if (done) return
      done = true
      finish()
      if (!logged) release()
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
