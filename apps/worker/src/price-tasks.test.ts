import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createDb, type Db } from '@tokenledger/db'
import { catalogPrices, currentCatalogData, installCatalogData } from '@tokenledger/domain'
import { quickAddJob } from 'graphile-worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRICE_TASK_NAMES } from './price-tasks'
import { startWorker, type TokenledgerWorker } from './worker'

// The worker's catalog refresh against a local HTTP server serving a modified price file.
const url = () => process.env.DATABASE_URL as string
let db: Db
let bundled: Awaited<ReturnType<typeof currentCatalogData>>
let home: string
let server: Server
let served: { status: number; body: string }
let worker: TokenledgerWorker
const lines: string[] = []

beforeAll(async () => {
  db = createDb(url())
  bundled = await currentCatalogData()
  const copy = structuredClone(bundled)
  const mini = copy.find((p) => p.id === 'openai')?.models.find((m) => m.id === 'gpt-4o-mini')
  if (!mini || Array.isArray(mini.prices)) throw new Error('fixture: gpt-4o-mini with plain prices expected')
  mini.prices = { ...mini.prices, input_mtok: 0.25 }
  served = { status: 200, body: JSON.stringify(copy) }
  server = createServer((_req, res) => {
    res.writeHead(served.status)
    res.end(served.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  home = await mkdtemp(path.join(tmpdir(), 'tokenledger-worker-prices-'))
})
afterAll(async () => {
  await worker?.stop()
  installCatalogData(bundled)
  await new Promise((resolve) => server.close(resolve))
  await rm(home, { recursive: true, force: true })
  await db.destroy()
})

function completed(task: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onComplete = ({ job, error }: { job: { task_identifier: string }; error: unknown }) => {
      if (job.task_identifier !== task) return
      worker.runner.events.off('job:complete', onComplete)
      if (error) reject(error)
      else resolve()
    }
    worker.runner.events.on('job:complete', onComplete)
  })
}

describe('prices:refresh', () => {
  it('refreshes the catalog when the worker starts and keeps the copy; a failing server changes nothing', async () => {
    const file = path.join(home, 'prices', 'genai-prices.json')
    const priceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.json`
    worker = await startWorker({
      connectionString: url(),
      db,
      log: (line) => lines.push(line),
      pollInterval: 200,
      cron: false,
      catchUpDays: 0,
      prices: { url: priceUrl, file },
    })
    // Queued at start: the catalog of this process changes once the job ran.
    await expect
      .poll(() => catalogPrices('openai', 'gpt-4o-mini', 10)?.inputMtok, { timeout: 15_000 })
      .toBe('0.25')
    // The copy is written right after the catalog is installed.
    await expect.poll(() => readFile(file, 'utf8').catch(() => null), { timeout: 5_000 }).toBe(served.body)
    await expect
      .poll(() => lines.some((l) => /prices:refresh: \d+ providers .* from http:\/\/127\.0\.0\.1/.test(l)))
      .toBe(true)

    served = { status: 503, body: 'down' }
    const failed = completed(PRICE_TASK_NAMES.refresh)
    await quickAddJob({ connectionString: url() }, PRICE_TASK_NAMES.refresh, {})
    await failed
    expect(lines.at(-1)).toMatch(/prices:refresh: .* answered 503 .*; pricing with the last good copy/)
    expect(catalogPrices('openai', 'gpt-4o-mini', 10)?.inputMtok).toBe('0.25')
  })
})
