import type { CustomPrice } from '@tokenledger/domain'
import type { Db } from '../knex'
import { loadCustomPrices } from '../usage/load-custom-prices'

/** How long the write path trusts the custom prices it read, unless a save in this process says otherwise. */
export const CUSTOM_PRICE_CACHE_TTL_MS = 5_000

interface Entry {
  prices: CustomPrice[]
  loadedAt: number
}

/**
 * The custom prices of the models the write path sees, read once per model and kept for `ttlMs`, so a
 * batch does not query `model_prices` each time (one round trip per batch on the ingest profile).
 * A price saved in this process (`saveCustomPrice`) empties the cache at once; one saved by another
 * process (the admin app, SQL) is used within `ttlMs`. Jobs that must see the newest prices
 * (repricing, the CLI) call `loadCustomPrices` directly. Entries are per database handle, so two
 * databases in one process never share prices.
 */
export class CustomPriceCache {
  private byDb = new WeakMap<Db, Map<string, Entry>>()
  /** Bumped by `invalidate`: a read that started before it does not fill the cache. */
  private generation = 0

  constructor(
    readonly ttlMs = CUSTOM_PRICE_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
    /** Beyond this many models per database the cache starts afresh (a bound, not a policy). */
    private readonly maxModels = 10_000,
  ) {}

  /** The custom prices of these provider/model pairs, querying only the ones not fresh in the cache. */
  async pricesFor(db: Db, pairs: ReadonlyArray<{ provider: string; model: string }>): Promise<CustomPrice[]> {
    const entries = this.entriesOf(db)
    const now = this.clock()
    const cached: CustomPrice[] = []
    const missing = new Map<string, { provider: string; model: string }>()
    const seen = new Set<string>()
    for (const { provider, model } of pairs) {
      const key = pairKey(provider, model)
      if (seen.has(key)) continue
      seen.add(key)
      const entry = entries.get(key)
      if (entry && now - entry.loadedAt < this.ttlMs) cached.push(...entry.prices)
      else missing.set(key, { provider, model })
    }
    const generation = this.generation
    // loadCustomPrices also ticks the catalog follower, so it runs even when every model is cached.
    const loaded = await loadCustomPrices(db, [...missing.values()])
    if (generation === this.generation) {
      if (entries.size + missing.size > this.maxModels) entries.clear()
      for (const key of missing.keys()) entries.set(key, { prices: [], loadedAt: now })
      for (const price of loaded) entries.get(pairKey(price.provider, price.model))?.prices.push(price)
    }
    return [...cached, ...loaded]
  }

  /** Forgets every cached price (a price was saved). */
  invalidate(): void {
    this.generation++
    this.byDb = new WeakMap()
  }

  private entriesOf(db: Db): Map<string, Entry> {
    let entries = this.byDb.get(db)
    if (!entries) {
      entries = new Map()
      this.byDb.set(db, entries)
    }
    return entries
  }
}

function pairKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`
}

/** The process's cache: the write path reads through it, `saveCustomPrice` empties it. */
export const sharedCustomPriceCache = new CustomPriceCache()
