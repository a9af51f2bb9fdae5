import type { CustomPrice } from '@tokenledger/domain'
import type { Db } from '../knex'
import { catalogCacheTick } from '../pricing/catalog-refresh'

/**
 * The custom price rows of the given provider/model pairs, every effective date (few rows per model).
 * Every pricing path comes through here first, so it is also where a process following the
 * refreshed catalog picks up a newer copy (see `followCatalogCache`).
 */
export async function loadCustomPrices(
  db: Db,
  pairs: Array<{ provider: string; model: string }>,
): Promise<CustomPrice[]> {
  await catalogCacheTick()
  const unique = [...new Map(pairs.map((p) => [`${p.provider}\u0000${p.model}`, p])).values()]
  if (!unique.length) return []
  const rows = await db('model_prices').whereIn(
    ['provider', 'model'],
    unique.map((p) => [p.provider, p.model]),
  )
  return rows.map(
    (row): CustomPrice => ({
      id: row.id,
      provider: row.provider,
      model: row.model,
      inputMtok: row.input_mtok,
      outputMtok: row.output_mtok,
      cacheReadMtok: row.cache_read_mtok,
      cacheWriteMtok: row.cache_write_mtok,
      reasoningMtok: row.reasoning_mtok,
      effectiveFrom: row.effective_from,
    }),
  )
}
