import type { Attribution } from '../attribution'
import type { BudgetCheckResult } from './budget-errors'

/** How long an `ok` check is reused for the same scope when the caller sets nothing (ms). */
export const DEFAULT_OK_CACHE_TTL_MS = 5_000

/**
 * The budgets a check covers depend on who the call is for (the organization is the API key's, so
 * one per Tokenledger): the user and the project. Calls with the same key share a cached `ok`.
 */
export function budgetScopeKey(attribution: Attribution): string {
  return `user:${attribution.userId ?? '-'}|project:${attribution.projectId ?? '-'}`
}

/**
 * `ok` budget checks kept per scope for a short time, so back-to-back calls do not each wait on
 * the api. Only `ok` is kept: `warning`, `exceeded` and `blocked` are close to a limit and are
 * asked again every call. `now` is injectable for tests.
 */
export class OkCheckCache {
  private readonly entries = new Map<string, { check: BudgetCheckResult; at: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached `ok` check of `key` if it is younger than `ttlMs`; expired entries are dropped. */
  get(key: string, ttlMs: number): BudgetCheckResult | null {
    const entry = this.entries.get(key)
    if (!entry) return null
    const age = this.now() - entry.at
    if (age >= 0 && age < ttlMs) return entry.check
    this.entries.delete(key)
    return null
  }

  /** Keeps `check` for `key` if it is `ok`; any other result removes what was kept. */
  put(key: string, check: BudgetCheckResult): void {
    if (check.status === 'ok') this.entries.set(key, { check, at: this.now() })
    else this.entries.delete(key)
  }
}
