/**
 * What a plain `budgets.check` loads (membership, the app's ids resolved, the applicable budgets
 * and their holds), remembered per api server for a short TTL so most checks skip the database
 * (issue 15). Only the loaded rows are kept: evaluation against `now` and the estimate still runs
 * per call. Writes made through this server invalidate their organization at once; writes by other
 * processes are seen within the TTL.
 *
 * An entry is fresh while both clocks say it is younger than the TTL: the server's clock (which
 * tests move, and which reservation expiry is judged by) and a monotonic one (so a fixed test
 * clock cannot keep an entry forever).
 */
export interface BudgetStateCacheOptions {
  /** How long loaded state is reused; 0 turns the cache off (every check reads the database). */
  ttlMs: number
  /** Entries kept at most (oldest dropped first). */
  maxEntries?: number
  /** Monotonic milliseconds; injectable for tests. Default `performance.now`. */
  monotonic?: () => number
}

/** The parts of a check that select what it loads. */
export interface BudgetStateKey {
  organizationId: number
  apiKeyId: number | null
  userId?: number | undefined
  userExternalId?: string | undefined
  projectId?: number | undefined
  projectExternalId?: string | undefined
}

interface Entry<T> {
  organizationId: number
  generation: number
  loadedAt: number
  loadedAtMonotonic: number
  value: Promise<T>
  settled: boolean
  /** A background reload of this entry is under way. */
  refreshing: boolean
}

export class BudgetStateCache<T> {
  private readonly entries = new Map<string, Entry<T>>()
  /** Bumped by every invalidation of an organization: a load begun before it is never reused after it. */
  private readonly generations = new Map<number, number>()
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly monotonic: () => number

  constructor(options: BudgetStateCacheOptions) {
    if (!Number.isFinite(options.ttlMs) || options.ttlMs < 0)
      throw new Error(`budget state cache TTL must be a number of milliseconds ≥ 0, got ${options.ttlMs}`)
    this.ttlMs = options.ttlMs
    this.maxEntries = options.maxEntries ?? 10_000
    this.monotonic = options.monotonic ?? (() => performance.now())
  }

  get enabled(): boolean {
    return this.ttlMs > 0
  }

  /**
   * The state for `key` at `now`: a fresh entry's, or `load()`'s. Concurrent misses of one key
   * share one load (single flight). An entry in the second half of its life is reloaded in the
   * background while it still answers, so a busy key never waits for the database once warm. A load
   * that fails, or whose answer `keep` refuses, is not kept.
   */
  async load(
    key: BudgetStateKey,
    now: Date,
    load: () => Promise<T>,
    keep: (value: T) => boolean,
  ): Promise<T> {
    if (!this.enabled) return load()
    const id = cacheKey(key)
    const generation = this.generation(key.organizationId)
    const found = this.entries.get(id)
    if (found && found.generation === generation && this.isFresh(found, now.getTime())) {
      if (found.settled && !found.refreshing && this.age(found, now.getTime()) >= this.ttlMs / 2)
        this.refresh(id, found, now, load, keep)
      return found.value
    }

    const entry = this.entry(key.organizationId, generation, now, load)
    this.entries.delete(id) // re-inserted last: the map's order is the eviction order
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(id, entry)
    const drop = () => {
      if (this.entries.get(id) === entry) this.entries.delete(id)
    }
    try {
      const value = await entry.value
      entry.settled = true
      if (!keep(value)) drop()
      return value
    } catch (error) {
      drop()
      throw error
    }
  }

  /** This server changed budget state of `organizationId` (usage logged, holds made or released, budgets edited). */
  invalidate(organizationId: number): void {
    // O(1) on the logging path: entries of an older generation are misses from now on and are
    // replaced (or evicted) as they come up.
    this.generations.set(organizationId, this.generation(organizationId) + 1)
  }

  /** Entries held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size
  }

  private entry(organizationId: number, generation: number, now: Date, load: () => Promise<T>): Entry<T> {
    return {
      organizationId,
      generation,
      loadedAt: now.getTime(),
      loadedAtMonotonic: this.monotonic(),
      value: load(),
      settled: false,
      refreshing: false,
    }
  }

  /** Reloads `current` in the background; its answer replaces it unless a write or a newer load came first. */
  private refresh(
    id: string,
    current: Entry<T>,
    now: Date,
    load: () => Promise<T>,
    keep: (value: T) => boolean,
  ) {
    current.refreshing = true
    const next = this.entry(current.organizationId, current.generation, now, load)
    next.value.then(
      (value) => {
        next.settled = true
        const unchanged =
          this.entries.get(id) === current && this.generation(current.organizationId) === current.generation
        if (unchanged && keep(value)) this.entries.set(id, next)
        else current.refreshing = false
      },
      // A failed refresh leaves the entry to expire: the next check after it loads again, and sees the error.
      () => {
        current.refreshing = false
      },
    )
  }

  private generation(organizationId: number): number {
    return this.generations.get(organizationId) ?? 0
  }

  private isFresh(entry: Entry<T>, now: number): boolean {
    // An unsettled entry is a load in flight: joined whatever the clocks say.
    if (!entry.settled) return true
    return now >= entry.loadedAt && this.age(entry, now) < this.ttlMs
  }

  /** The older of the entry's ages by the server's clock and by the monotonic one. */
  private age(entry: Entry<T>, now: number): number {
    return Math.max(now - entry.loadedAt, this.monotonic() - entry.loadedAtMonotonic)
  }
}

/** A numeric id and an app's id never collide: each form has its own slot of the key. */
function cacheKey(key: BudgetStateKey): string {
  return JSON.stringify([
    key.organizationId,
    key.apiKeyId,
    key.userId ?? null,
    key.userExternalId ?? null,
    key.projectId ?? null,
    key.projectExternalId ?? null,
  ])
}

/** `TOKENLEDGER_BUDGET_CACHE_TTL_MS`: milliseconds, default 1,000; 0 turns the cache off. */
export function budgetCacheTtlFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TOKENLEDGER_BUDGET_CACHE_TTL_MS
  if (raw == null || raw.trim() === '') return DEFAULT_BUDGET_CACHE_TTL_MS
  const ms = Number(raw)
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(
      `TOKENLEDGER_BUDGET_CACHE_TTL_MS must be a whole number of milliseconds ≥ 0, got "${raw}"`,
    )
  return ms
}

export const DEFAULT_BUDGET_CACHE_TTL_MS = 1_000
