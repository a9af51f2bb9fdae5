/**
 * Values kept for `ttlMs` after they were read, then looked up again: the write path's short-lived
 * caches (attribution facts, custom prices) share this shape. Bounded: past `maxEntries` keys it
 * starts afresh (a bound against unbounded growth, not an eviction policy).
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>()

  constructor(
    readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value, or undefined when absent or older than the ttl. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (this.clock() - entry.at < this.ttlMs) return entry.value
    this.entries.delete(key)
    return undefined
  }

  /** `at`: when the value was read (default now); a read that took long is fresh from its start. */
  set(key: K, value: V, at: number = this.clock()): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.entries.clear()
    this.entries.set(key, { value, at })
  }

  /** Forgets the keys `matches` picks. */
  deleteWhere(matches: (key: K) => boolean): void {
    for (const key of this.entries.keys()) if (matches(key)) this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }

  /** The current time on this cache's clock (to stamp a read before it starts). */
  now(): number {
    return this.clock()
  }
}

/**
 * One value per owner object, created on first use and dropped with the owner (a WeakMap): the caches
 * keep one `TtlCache` per database handle, so two databases in one process never mix.
 */
export function perOwner<O extends object, T>(create: () => T): (owner: O) => T {
  const byOwner = new WeakMap<O, T>()
  return (owner) => {
    let value = byOwner.get(owner)
    if (value === undefined) {
      value = create()
      byOwner.set(owner, value)
    }
    return value
  }
}
