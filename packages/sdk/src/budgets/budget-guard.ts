import type { Attribution } from '../attribution'
import { BudgetCheckFailedError, TokenledgerConfigError, type TokenledgerError } from '../errors'
import type { BudgetCheckResult } from './budget-errors'
import { type BudgetHost, enforceBudget } from './enforce-budget'
import { budgetScopeKey, DEFAULT_OK_CACHE_TTL_MS, OkCheckCache } from './ok-check-cache'

/** The budget options of `wrapOpenAI`, `wrapAnthropic` and `tokenledgerMiddleware`. */
export interface BudgetEnforcementOptions {
  /**
   * Check the budgets before each call (default false: the call is only logged). A used-up budget
   * throws `BudgetConfirmationRequired` (with the override request) or `BudgetBlocked`, as the
   * builder does, and nothing is sent to the provider.
   */
  enforceBudgets?: boolean
  /** How long an `ok` check is reused for the same user and project, in ms (default 5,000; 0 asks every call). */
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
  queryBudget?(attribution: Attribution, estimatedCost?: string): Promise<BudgetCheckResult>
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

/** One `ok` cache per Tokenledger, shared by every wrapper and middleware enforcing through it. */
const sharedCaches = new WeakMap<object, OkCheckCache>()

/**
 * The check an enforcing wrapper makes before each call: the builder's `enforceBudget`, plus a
 * short-lived cache of `ok` results per scope, a cost estimate when the caller gives none, and
 * failing open or closed when the check cannot be made.
 */
export class BudgetGuard {
  private readonly cache: OkCheckCache
  /** Checks under way per scope: a burst of calls on a cold cache waits for one instead of each asking. */
  private readonly inFlight = new Map<string, Promise<BudgetCheckResult | null>>()
  private readonly ttlMs: number
  private readonly failClosed: boolean

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
    if (options.now) {
      this.cache = new OkCheckCache(options.now)
    } else {
      this.cache = sharedCaches.get(host) ?? new OkCheckCache()
      sharedCaches.set(host, this.cache)
    }
  }

  /**
   * Resolves when the call may go ahead (with the check, or null when it failed open); throws
   * `BudgetConfirmationRequired`, `BudgetBlocked`, or with fail-closed `BudgetCheckFailedError`.
   * `estimate` is asked only when the caller gave no cost and no cached `ok` answers.
   */
  async beforeCall(
    attribution: Attribution,
    call: CallBudgetOptions,
    estimate?: () => Promise<string | null>,
  ): Promise<BudgetCheckResult | null> {
    const key = budgetScopeKey(attribution)
    const cached = this.cache.get(key, this.ttlMs)
    if (cached) return cached
    const pending = this.ttlMs > 0 ? this.inFlight.get(key) : undefined
    if (pending) {
      // Only an ok is shared, as the cache would have; anything else is this call's own to ask.
      const shared = await pending.catch(() => null)
      if (shared?.status === 'ok') return shared
    }
    const run = this.check(key, attribution, call, estimate)
    if (this.ttlMs > 0) {
      this.inFlight.set(key, run)
      const clear = () => {
        if (this.inFlight.get(key) === run) this.inFlight.delete(key)
      }
      run.then(clear, clear)
    }
    return run
  }

  private async check(
    key: string,
    attribution: Attribution,
    call: CallBudgetOptions,
    estimate?: () => Promise<string | null>,
  ): Promise<BudgetCheckResult | null> {
    const estimatedCost = call.estimatedCost ?? (await this.estimate(estimate))
    const check = await enforceBudget(this.checkingHost(), attribution, {
      estimatedCost,
      budgetOverride: call.budgetOverride,
    })
    if (check) this.cache.put(key, check)
    return check
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
      checkBudget: async (attribution, estimatedCost) => {
        try {
          return await query.call(host, attribution, estimatedCost)
        } catch (error) {
          if (this.failClosed) throw new BudgetCheckFailedError(error, true)
          host.reportError?.(new BudgetCheckFailedError(error))
          return null
        }
      },
      requestOverride: (attribution, estimatedCost) => host.requestOverride(attribution, estimatedCost),
      overrideUsable: (id) => host.overrideUsable(id),
    }
  }
}
