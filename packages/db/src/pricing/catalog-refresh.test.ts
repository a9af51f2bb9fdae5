import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  CATALOG_REMOTE_URL,
  catalogPrices,
  currentCatalogData,
  installCatalogData,
} from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  catalogCacheFile,
  catalogCacheTick,
  followCatalogCache,
  loadCatalogCache,
  pricesUrl,
  refreshCatalog,
} from '..'

// Against a local HTTP server serving a modified price file: no internet.
let bundled: Awaited<ReturnType<typeof currentCatalogData>>
let home: string
let server: Server
let baseUrl: string
let served: { status: number; body: string } = { status: 200, body: '' }

beforeAll(async () => {
  bundled = await currentCatalogData()
  home = await mkdtemp(path.join(tmpdir(), 'tokenledger-prices-'))
  server = createServer((_req, res) => {
    res.writeHead(served.status, { 'content-type': 'application/json' })
    res.end(served.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  installCatalogData(bundled)
  await new Promise((resolve) => server.close(resolve))
  await rm(home, { recursive: true, force: true })
})

/** The bundled data with gpt-4o-mini's input price changed, as a newer data.json would have it. */
function withMiniInput(price: number): string {
  const copy = structuredClone(bundled)
  const mini = copy.find((p) => p.id === 'openai')?.models.find((m) => m.id === 'gpt-4o-mini')
  if (!mini || Array.isArray(mini.prices)) throw new Error('fixture: gpt-4o-mini with plain prices expected')
  mini.prices = { ...mini.prices, input_mtok: price }
  return JSON.stringify(copy)
}
const miniInput = () => catalogPrices('openai', 'gpt-4o-mini', 10)?.inputMtok

describe('catalog refresh', () => {
  it("reads TOKENLEDGER_PRICES_URL: genai-prices' own URL by default, off, or refused", () => {
    expect(pricesUrl({})).toBe(CATALOG_REMOTE_URL)
    expect(CATALOG_REMOTE_URL).toMatch(/^https:\/\/raw\.githubusercontent\.com\/pydantic\/genai-prices\//)
    expect(pricesUrl({ TOKENLEDGER_PRICES_URL: 'off' })).toBeNull()
    expect(pricesUrl({ TOKENLEDGER_PRICES_URL: 'http://127.0.0.1:1/data.json' })).toBe(
      'http://127.0.0.1:1/data.json',
    )
    expect(() => pricesUrl({ TOKENLEDGER_PRICES_URL: 'ftp://x' })).toThrow(/http\(s\) URL or "off"/)
  })

  it('off changes nothing and fetches nothing', async () => {
    expect(await refreshCatalog({ url: null, file: catalogCacheFile(home) })).toEqual({ status: 'off' })
    expect(miniInput()).toBe('0.15')
  })

  it('installs a good file and keeps it on disk as the last good copy', async () => {
    served = { status: 200, body: withMiniInput(0.2) }
    const file = catalogCacheFile(home)
    const result = await refreshCatalog({ url: `${baseUrl}/data.json`, file })
    expect(result).toMatchObject({ status: 'updated', providers: bundled.length })
    expect(miniInput()).toBe('0.2')
    expect(await readFile(file, 'utf8')).toBe(served.body)
  })

  it('a failing or broken server changes nothing: the last good copy keeps pricing', async () => {
    const file = catalogCacheFile(home)
    const before = await readFile(file, 'utf8')
    served = { status: 503, body: 'unavailable' }
    expect(await refreshCatalog({ url: `${baseUrl}/data.json`, file })).toEqual({
      status: 'failed',
      error: expect.stringMatching(/answered 503/),
      using: 'last good copy',
    })
    served = { status: 200, body: '<html>captive portal</html>' }
    expect(await refreshCatalog({ url: `${baseUrl}/data.json`, file })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not JSON/),
    })
    expect(
      await refreshCatalog({ url: 'http://127.0.0.1:9/data.json', file, timeoutMs: 2000 }),
    ).toMatchObject({
      status: 'failed',
    })
    expect(miniInput()).toBe('0.2')
    expect(await readFile(file, 'utf8')).toBe(before)
  })

  it('falls back to the bundled catalog when there is no good copy at all', async () => {
    installCatalogData(bundled)
    served = { status: 500, body: '' }
    const empty = catalogCacheFile(path.join(home, 'nothing-yet'))
    expect(await refreshCatalog({ url: `${baseUrl}/data.json`, file: empty })).toMatchObject({
      status: 'failed',
      using: 'bundled catalog',
    })
    expect(miniInput()).toBe('0.15')
    expect(await loadCatalogCache(empty)).toBe(false)
  })

  it('another process following the copy picks up a newer one on its next pricing path', async () => {
    installCatalogData(bundled)
    const file = path.join(home, 'followed', 'genai-prices.json')
    await followCatalogCache(file)
    expect(miniInput()).toBe('0.15')
    // A worker elsewhere writes a newer copy.
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, withMiniInput(0.3))
    await catalogCacheTick(Date.now() + 60_000)
    expect(miniInput()).toBe('0.3')
    // A broken copy is ignored: the catalog stays as it was.
    await writeFile(file, '{oops')
    await utimes(file, new Date(), new Date(Date.now() + 5_000))
    await catalogCacheTick(Date.now() + 120_000)
    expect(miniInput()).toBe('0.3')
  })
})
