import { type Provider, REMOTE_DATA_JSON_URL, updatePrices, waitForUpdate } from '@pydantic/genai-prices'

/** Where genai-prices' own update mechanism downloads its newest `data.json`. */
export const CATALOG_REMOTE_URL: string = REMOTE_DATA_JSON_URL

/**
 * The catalog's data can be replaced at run time with a newer copy of genai-prices' `data.json`
 * (the worker downloads it), through the package's own update hook. Pure: no I/O here, the caller
 * brings the text.
 */
let install: ((data: Provider[]) => void) | null = null

function installer(): (data: Provider[]) => void {
  if (!install) updatePrices(({ setProviderData }) => (install = setProviderData))
  if (!install) throw new Error('genai-prices did not hand over its update hook')
  return install
}

/** Parses a genai-prices `data.json` text; throws a clear error when it is not one. */
export function parseCatalogData(text: string): Provider[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(`price data is not JSON: ${(error as Error).message}`)
  }
  if (!Array.isArray(data) || data.length === 0)
    throw new Error('price data must be a non-empty array of providers')
  for (const [i, provider] of data.entries()) {
    if (typeof provider?.id !== 'string' || !Array.isArray(provider.models))
      throw new Error(`price data: provider ${i} has no id or no models`)
  }
  return data as Provider[]
}

/**
 * Makes `data` the catalog every later `catalogPrices` call reads. Validated by genai-prices first:
 * on an error nothing changes and the error is thrown.
 */
export function installCatalogData(data: Provider[]): void {
  installer()(data)
}

/** The catalog data in use now (the bundled copy until `installCatalogData` replaced it). */
export async function currentCatalogData(): Promise<Provider[]> {
  installer()
  return (await waitForUpdate()) ?? []
}
