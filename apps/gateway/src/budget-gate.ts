import type { BudgetCheckResult, Tokenledger, TokenledgerError } from '@tokenledger/sdk'
import { BudgetCheckFailedError } from '@tokenledger/sdk'

export type GateDecision =
  | {
      pass: true
      /** `unchecked`: the api could not be asked in time, the call goes ahead (budgets fail open). */
      status: 'ok' | 'warning' | 'override' | 'unchecked'
    }
  | {
      pass: false
      httpStatus: 400 | 401 | 402 | 403
      type: string
      message: string
      details?: Record<string, unknown>
    }

export interface BudgetGateOptions {
  /** How long an `ok` answer is reused for the same key, user and project. Default 2,000 ms. */
  okCacheMs?: number
  /** A check that takes longer lets the call through. Default 3,000 ms. */
  timeoutMs?: number
  /** Cached answers kept at most (oldest dropped first). Default 10,000. */
  maxEntries?: number
  onError?: (error: TokenledgerError) => void
}

/**
 * The api's `budgets.check` in front of every call. It also authenticates the key: the api
 * refuses an unknown or revoked key, and so does the gateway. Only `ok` is cached (briefly), so a
 * budget that trips is noticed within `okCacheMs`; concurrent checks of the same key, user and project are
 * one request.
 */
export class BudgetGate {
  private readonly passes = new Map<
    string,
    { until: number; refreshing: boolean; status: 'ok' | 'unchecked' }
  >()
  private readonly inFlight = new Map<string, Promise<BudgetCheckResult>>()

  constructor(private readonly options: BudgetGateOptions = {}) {}

  async decide(
    tokenledger: Tokenledger,
    apiKey: string,
    call: CallScope & { budgetOverrideId?: string },
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
    const cached = this.passes.get(cacheKey)
    const now = Date.now()
    if (cached && cached.until > now) {
      // Refresh ahead: in the second half of its life an ok is re-checked in the background, so
      // a busy key never waits for the api, and a budget that trips is still seen within okCacheMs.
      if (!cached.refreshing && cached.until - now < this.ttl() / 2)
        this.refresh(tokenledger, cacheKey, scope)
      return { pass: true, status: cached.status }
    }

    let check: BudgetCheckResult
    try {
      check = await this.check(tokenledger, cacheKey, scope)
    } catch (error) {
      const refused = refusal(error)
      if (refused) return refused
      this.options.onError?.(new BudgetCheckFailedError(error))
      // Fail open, and remember it: while the api is away, one call per key, user and project waits for
      // the timeout every okCacheMs instead of every call.
      this.remember(cacheKey, 'unchecked')
      return { pass: true, status: 'unchecked' }
    }

    if (check.status === 'ok') {
      this.remember(cacheKey)
      return { pass: true, status: 'ok' }
    }
    if (check.status === 'warning') return { pass: true, status: 'warning' }
    const details = { status: check.status, budgets: check.budgets }
    if (check.status === 'blocked')
      return { pass: false, httpStatus: 403, type: 'budget_blocked', message: check.message, details }

    // Exceeded: a confirmed override lets the call through; otherwise ask the user to confirm one.
    if (call.budgetOverrideId && (await usable(tokenledger, call.budgetOverrideId)))
      return { pass: true, status: 'override' }
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

  /** One request per key, user and project at a time: concurrent calls share it. */
  private check(tokenledger: Tokenledger, cacheKey: string, scope: CallScope) {
    let pending = this.inFlight.get(cacheKey)
    if (!pending) {
      pending = tokenledger.client.budgets.check.query(scope, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000),
      })
      this.inFlight.set(cacheKey, pending)
      const done = () => this.inFlight.delete(cacheKey)
      pending.then(done, done)
    }
    return pending
  }

  private refresh(tokenledger: Tokenledger, cacheKey: string, scope: CallScope): void {
    const entry = this.passes.get(cacheKey)
    if (entry) entry.refreshing = true
    this.check(tokenledger, cacheKey, scope).then(
      (check) => (check.status === 'ok' ? this.remember(cacheKey) : this.passes.delete(cacheKey)),
      // The next call after expiry asks again (and fails open or refuses as usual).
      () => {
        if (entry) entry.refreshing = false
      },
    )
  }

  private ttl(): number {
    return this.options.okCacheMs ?? 2_000
  }

  private remember(cacheKey: string, status: 'ok' | 'unchecked' = 'ok'): void {
    const max = this.options.maxEntries ?? 10_000
    this.passes.delete(cacheKey)
    this.passes.set(cacheKey, { until: Date.now() + this.ttl(), refreshing: false, status })
    while (this.passes.size > max) this.passes.delete(this.passes.keys().next().value as string)
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
