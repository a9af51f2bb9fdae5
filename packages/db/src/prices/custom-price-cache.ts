import type { CustomPrice } from '@tokenledger/domain'
import type { Db } from '../knex'
import { loadCustomPrices } from '../usage/load-custom-prices'
import { perOwner, TtlCache } from '../usage/ttl-cache'

/** How long the write path trusts the custom prices it read, unless a save in this process says otherwise. */
export const CUSTOM_PRICE_CACHE_TTL_MS = 5_000

/**
 * The custom prices of the models the write path sees, read once per model and kept for `ttlMs`, so a
 * batch does not query `model_prices` each time (one round trip per batch on the ingest profile).
 * A price saved in this process (`saveCustomPrice`) empties the cache at once; one saved by another
 * process (the admin app, SQL) is used within `ttlMs`. Jobs that must see the newest prices
 * (repricing, the CLI) call `loadCustomPrices` directly. Entries are per database handle, so two
 * databases in one process never share prices.
 */
export class CustomPriceCache {
  private entriesOf: (db: Db) => TtlCache<string, CustomPrice[]>
  /** Bumped by `invalidate`: a read that started before it does not fill the cache. */
  private generation = 0

  constructor(
    readonly ttlMs = CUSTOM_PRICE_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
    /** Beyond this many models per database the cache starts afresh (a bound, not a policy). */
    private readonly maxModels = 10_000,
  ) {
    this.entriesOf = this.emptyCaches()
  }

  /** The custom prices of these provider/model pairs, querying only the ones not fresh in the cache. */
  async pricesFor(db: Db, pairs: ReadonlyArray<{ provider: string; model: string }>): Promise<CustomPrice[]> {
    const entries = this.entriesOf(db)
    const startedAt = this.clock()
    const cached: CustomPrice[] = []
    const missing = new Map<string, { provider: string; model: string }>()
    const seen = new Set<string>()
    for (const { provider, model } of pairs) {
      const key = pairKey(provider, model)
      if (seen.has(key)) continue
      seen.add(key)
      const prices = entries.get(key)
      if (prices) cached.push(...prices)
      else missing.set(key, { provider, model })
    }
    const generation = this.generation
    // loadCustomPrices also ticks the catalog follower, so it runs even when every model is cached.
    const loaded = await loadCustomPrices(db, [...missing.values()])
    if (generation === this.generation) {
      const byKey = new Map([...missing.keys()].map((key) => [key, [] as CustomPrice[]]))
      for (const price of loaded) byKey.get(pairKey(price.provider, price.model))?.push(price)
      // Stamped with the read's start: a price saved elsewhere during the read is not held longer.
      for (const [key, prices] of byKey) entries.set(key, prices, startedAt)
    }
    return [...cached, ...loaded]
  }

  /** Forgets every cached price (a price was saved). */
  invalidate(): void {
    this.generation++
    this.entriesOf = this.emptyCaches()
  }

  private emptyCaches() {
    return perOwner(
      (): TtlCache<string, CustomPrice[]> => new TtlCache(this.ttlMs, this.clock, this.maxModels),
    )
  }
}

function pairKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`
}

/** The process's cache: the write path reads through it, `saveCustomPrice` empties it. */
export const sharedCustomPriceCache = new CustomPriceCache()
