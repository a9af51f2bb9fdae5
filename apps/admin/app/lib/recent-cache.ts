// A one-entry cache for a value that is expensive to compute and may be a minute old, as long as
// what it was computed from (its key) is unchanged. Pure: the caller passes the clock.

export interface RecentCache<T> {
  /** The cached value when its key matches and it is younger than the ttl, else `compute()`'s. */
  get(key: string, nowMs: number, compute: () => Promise<T>): Promise<T>
}

export function recentCache<T>(ttlMs: number): RecentCache<T> {
  if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError(`ttlMs must be ≥ 0, got ${ttlMs}`)
  let entry: { key: string; at: number; value: Promise<T> } | null = null
  return {
    get(key, nowMs, compute) {
      // A clock that went back (a test's fixed now, a restart) is treated as stale too.
      if (entry && entry.key === key && nowMs >= entry.at && nowMs - entry.at < ttlMs) return entry.value
      const value = compute()
      const mine = { key, at: nowMs, value }
      entry = mine
      // A failure is not remembered: the next view tries again.
      value.catch(() => {
        if (entry === mine) entry = null
      })
      return value
    },
  }
}
