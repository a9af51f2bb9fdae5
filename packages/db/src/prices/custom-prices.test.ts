import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { type CustomPriceFields, findCustomPrice, listCustomPrices, saveCustomPrice } from './custom-prices'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

// A provider no other test prices, so the listing holds only this file's rows.
const price = (model: string, effectiveFrom: string, inputMtok = '2.5'): CustomPriceFields => ({
  provider: 'pricetest',
  model,
  inputMtok,
  outputMtok: '10',
  cacheReadMtok: null,
  cacheWriteMtok: '3.125',
  reasoningMtok: null,
  effectiveFrom: new Date(effectiveFrom),
  notes: null,
})
const NOW = new Date('2026-03-15T12:00:00Z')

describe('custom prices', () => {
  it('saves a price and reads it back exactly', async () => {
    const saved = await saveCustomPrice(db, price('read-back', '2026-01-01T00:00:00Z'))
    if (!saved.ok) throw new Error(saved.problem)
    expect(await findCustomPrice(db, saved.id)).toEqual({
      id: saved.id,
      ...price('read-back', '2026-01-01T00:00:00Z'),
      inputMtok: '2.500000',
      outputMtok: '10.000000',
      cacheWriteMtok: '3.125000',
    })
    expect(await findCustomPrice(db, 2 ** 53)).toBeNull()
  })

  it('marks the newest started price in effect, later ones scheduled, older ones superseded', async () => {
    for (const at of ['2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'])
      await saveCustomPrice(db, price('status', at))
    await saveCustomPrice(db, price('status-other', '2025-06-01T00:00:00Z'))
    const listed = (await listCustomPrices(db, NOW)).filter((p) => p.model.startsWith('status'))
    expect(listed.map((p) => [p.model, p.effectiveFrom.toISOString().slice(0, 10), p.status])).toEqual([
      ['status', '2026-04-01', 'scheduled'],
      ['status', '2026-03-01', 'in effect'],
      ['status', '2026-01-01', 'superseded'],
      ['status-other', '2025-06-01', 'in effect'],
    ])
  })

  it('updates a price, and tells a duplicate start and a missing price apart', async () => {
    const first = await saveCustomPrice(db, price('update', '2026-02-01T00:00:00Z'))
    const second = await saveCustomPrice(db, price('update', '2026-02-02T00:00:00Z'))
    if (!first.ok || !second.ok) throw new Error('setup')
    expect(await saveCustomPrice(db, price('update', '2026-02-01T00:00:00Z', '1.25'), first.id)).toEqual({
      ok: true,
      id: first.id,
    })
    expect((await findCustomPrice(db, first.id))?.inputMtok).toBe('1.250000')
    expect(await saveCustomPrice(db, price('update', '2026-02-01T00:00:00Z'), second.id)).toEqual({
      ok: false,
      problem: 'duplicate_start',
    })
    expect(await saveCustomPrice(db, price('update', '2026-02-01T00:00:00Z'))).toEqual({
      ok: false,
      problem: 'duplicate_start',
    })
    expect(await saveCustomPrice(db, price('update', '2026-05-01T00:00:00Z'), 2 ** 40)).toEqual({
      ok: false,
      problem: 'not_found',
    })
  })
})
