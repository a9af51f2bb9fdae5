import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CATALOG_REMOTE_URL, installCatalogData, parseCatalogData } from '@tokenledger/domain'
import { tokenledgerHome } from '../database-url'

/**
 * Keeping the price catalog current at run time. The worker downloads genai-prices' own remote
 * `data.json` (the URL its update mechanism uses; `TOKENLEDGER_PRICES_URL` to change it, `off` to
 * keep the bundled catalog), installs it in its process and keeps the last good copy under
 * `TOKENLEDGER_HOME/prices/`. Other processes follow that copy (`followCatalogCache`). A failed
 * download changes nothing: the last good copy, else the bundled catalog, keeps pricing calls.
 */

/** The remote price file, or null when refreshing is off (`TOKENLEDGER_PRICES_URL=off`). */
export function pricesUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.TOKENLEDGER_PRICES_URL?.trim()
  if (value === 'off') return null
  if (!value) return CATALOG_REMOTE_URL
  if (!/^https?:\/\//.test(value))
    throw new Error(`TOKENLEDGER_PRICES_URL must be an http(s) URL or "off", got "${value}"`)
  return value
}

/** Where the last good copy lives. */
export function catalogCacheFile(home: string = tokenledgerHome()): string {
  return path.join(home, 'prices', 'genai-prices.json')
}

export type RefreshResult =
  | { status: 'updated'; providers: number; bytes: number; durationMs: number }
  | { status: 'off' }
  | { status: 'failed'; error: string; using: 'last good copy' | 'bundled catalog' }

/**
 * Downloads the price file, checks it, makes it the catalog of this process and saves it as the
 * last good copy (written to a temporary file, then renamed: a reader never sees half a file).
 * Never throws: a failure is returned, and the catalog in use stays as it was.
 */
export async function refreshCatalog(options: {
  url: string | null
  file?: string
  timeoutMs?: number
}): Promise<RefreshResult> {
  if (options.url === null) return { status: 'off' }
  const file = options.file ?? catalogCacheFile()
  const started = Date.now()
  try {
    const response = await fetch(options.url, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) })
    if (!response.ok) throw new Error(`${options.url} answered ${response.status} ${response.statusText}`)
    const text = await response.text()
    const data = parseCatalogData(text)
    installCatalogData(data)
    await mkdir(path.dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    await writeFile(temporary, text)
    await rename(temporary, file)
    following.set(file, (await stat(file)).mtimeMs)
    return { status: 'updated', providers: data.length, bytes: text.length, durationMs: Date.now() - started }
  } catch (error) {
    const installed = (following.get(file) ?? -1) >= 0 || (await loadCatalogCache(file))
    return {
      status: 'failed',
      error: (error as Error).message,
      using: installed ? 'last good copy' : 'bundled catalog',
    }
  }
}

/** Installs the last good copy when there is one; false (catalog unchanged) when absent or unreadable. */
export async function loadCatalogCache(file: string = catalogCacheFile()): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(file)
    installCatalogData(parseCatalogData(await readFile(file, 'utf8')))
    following.set(file, mtimeMs)
    return true
  } catch {
    return false
  }
}

/** file → modification time of the copy installed from it (-1: followed, none installed yet). */
const following = new Map<string, number>()
let lastCheck = 0

/**
 * From now on this process prices with the last good copy, and picks up a newer one (written by
 * a worker's refresh) within `everyMs`: `catalogCacheTick` (called on every pricing path) looks at
 * the file's modification time at most that often.
 */
export async function followCatalogCache(file: string = catalogCacheFile()): Promise<void> {
  if (!following.has(file)) following.set(file, -1)
  lastCheck = 0
  await catalogCacheTick()
}

export const CATALOG_CHECK_EVERY_MS = 60_000

/** Cheap unless a followed copy changed; never throws (pricing must not stop on a bad file). */
export async function catalogCacheTick(now = Date.now(), everyMs = CATALOG_CHECK_EVERY_MS): Promise<void> {
  if (following.size === 0 || now - lastCheck < everyMs) return
  lastCheck = now
  for (const [file, installed] of following) {
    const mtimeMs = await stat(file).then(
      (s) => s.mtimeMs,
      () => null,
    )
    if (mtimeMs !== null && mtimeMs !== installed) await loadCatalogCache(file)
  }
}
