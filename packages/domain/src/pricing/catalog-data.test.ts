import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogPrices } from './catalog'
import { currentCatalogData, installCatalogData, parseCatalogData } from './catalog-data'

let bundled: Awaited<ReturnType<typeof currentCatalogData>>
beforeAll(async () => {
  bundled = await currentCatalogData()
})
afterAll(() => installCatalogData(bundled))

/** The bundled data with gpt-4o-mini's input price changed, as a newer data.json would have it. */
function withMiniInput(price: number): string {
  const copy = structuredClone(bundled)
  const openai = copy.find((p) => p.id === 'openai')
  const mini = openai?.models.find((m) => m.id === 'gpt-4o-mini')
  if (!mini || Array.isArray(mini.prices)) throw new Error('fixture: gpt-4o-mini with plain prices expected')
  mini.prices = { ...mini.prices, input_mtok: price }
  return JSON.stringify(copy)
}

describe('catalog data', () => {
  it('replaces the catalog every later lookup reads', () => {
    expect(catalogPrices('openai', 'gpt-4o-mini', 10)?.inputMtok).toBe('0.15')
    installCatalogData(parseCatalogData(withMiniInput(0.2)))
    expect(catalogPrices('openai', 'gpt-4o-mini', 10)?.inputMtok).toBe('0.2')
    installCatalogData(bundled)
    expect(catalogPrices('openai', 'gpt-4o-mini', 10)?.inputMtok).toBe('0.15')
  })

  it('refuses what is not a price file, with the reason', () => {
    expect(() => parseCatalogData('<html>rate limited</html>')).toThrow(/price data is not JSON/)
    expect(() => parseCatalogData('{"providers": []}')).toThrow(/non-empty array of providers/)
    expect(() => parseCatalogData('[]')).toThrow(/non-empty array/)
    expect(() => parseCatalogData('[{"id": "x"}]')).toThrow(/provider 0 has no id or no models/)
  })
})
