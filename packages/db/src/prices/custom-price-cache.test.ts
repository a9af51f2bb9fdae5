import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { CustomPriceCache, sharedCustomPriceCache } from './custom-price-cache'
import { saveCustomPrice } from './custom-prices'

let db: Db
let queries = 0
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
  db.on('query', () => queries++)
})
afterAll(async () => {
  await db.destroy()
})

const row = (model: string, inputMtok: string, effectiveFrom: string) => ({
  provider: 'cachetest',
  model,
  input_mtok: inputMtok,
  output_mtok: '1',
  effective_from: effectiveFrom,
})
const pair = (model: string) => ({ provider: 'cachetest', model })
const inputs = (prices: Array<{ inputMtok: string }>) => prices.map((p) => p.inputMtok).sort()

describe('CustomPriceCache', () => {
  it('reads a model once per ttl, and a price saved elsewhere after the ttl', async () => {
    let now = 1_000_000
    const cache = new CustomPriceCache(5_000, () => now)
    await db('model_prices').insert(row('ttl', '1', '2026-01-01T00:00:00Z'))
    expect(inputs(await cache.pricesFor(db, [pair('ttl')]))).toEqual(['1.000000'])

    await db('model_prices').insert(row('ttl', '2', '2026-02-01T00:00:00Z'))
    const before = queries
    now += 4_999
    expect(inputs(await cache.pricesFor(db, [pair('ttl'), pair('ttl')]))).toEqual(['1.000000'])
    expect(queries).toBe(before)

    now += 1
    expect(inputs(await cache.pricesFor(db, [pair('ttl')]))).toEqual(['1.000000', '2.000000'])
    expect(queries).toBe(before + 1)
  })

  it('remembers models without custom prices, and queries only the models it lacks', async () => {
    const cache = new CustomPriceCache(60_000)
    await db('model_prices').insert(row('some', '3', '2026-01-01T00:00:00Z'))
    expect(await cache.pricesFor(db, [pair('none')])).toEqual([])
    const before = queries
    const prices = await cache.pricesFor(db, [pair('none'), pair('some')])
    expect(inputs(prices)).toEqual(['3.000000'])
    expect(queries).toBe(before + 1)
    expect(await cache.pricesFor(db, [pair('none'), pair('some')])).toEqual(prices)
    expect(queries).toBe(before + 1)
  })

  it('is emptied by a price saved in this process', async () => {
    expect(await sharedCustomPriceCache.pricesFor(db, [pair('saved')])).toEqual([])
    const saved = await saveCustomPrice(db, {
      provider: 'cachetest',
      model: 'saved',
      inputMtok: '4',
      outputMtok: '1',
      cacheReadMtok: null,
      cacheWriteMtok: null,
      reasoningMtok: null,
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      notes: null,
    })
    expect(saved.ok).toBe(true)
    expect(inputs(await sharedCustomPriceCache.pricesFor(db, [pair('saved')]))).toEqual(['4.000000'])
  })
})
