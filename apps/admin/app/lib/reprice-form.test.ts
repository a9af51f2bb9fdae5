import { describe, expect, it } from 'vitest'
import { readRepriceForm } from './reprice-form'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.set(k, v)
  return data
}

describe('readRepriceForm', () => {
  it('reads a model, a first day and the unpriced-only flag', () => {
    expect(readRepriceForm(form({ model: ' m1 ', from: '2026-01-02' }), '2026-03-01')).toEqual({
      ok: true,
      fields: { model: 'm1', from: '2026-01-02', onlyUnpriced: false },
    })
    expect(
      readRepriceForm(form({ model: 'm1', from: '2026-03-01', onlyUnpriced: '1' }), '2026-03-01'),
    ).toEqual({
      ok: true,
      fields: { model: 'm1', from: '2026-03-01', onlyUnpriced: true },
    })
  })

  it('says what is wrong with a bad form', () => {
    expect(readRepriceForm(form({ from: '2026-01-02' }), '2026-03-01')).toEqual({
      ok: false,
      error: 'Which model to reprice is missing.',
    })
    expect(readRepriceForm(form({ model: 'm', from: '2026-02-30' }), '2026-03-01')).toMatchObject({
      ok: false,
      error: expect.stringContaining('YYYY-MM-DD'),
    })
    expect(readRepriceForm(form({ model: 'm', from: '2026-03-02' }), '2026-03-01')).toMatchObject({
      ok: false,
      error: expect.stringContaining('future'),
    })
  })
})
