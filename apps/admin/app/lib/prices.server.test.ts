import { describe, expect, it } from 'vitest'
import { readPriceForm } from './prices.server'

const form = (effectiveFrom: string) => {
  const data = new FormData()
  for (const [k, v] of Object.entries({
    provider: 'openai',
    model: 'gpt-4o',
    inputMtok: '2.5',
    outputMtok: '10',
  }))
    data.set(k, v)
  data.set('effectiveFrom', effectiveFrom)
  return data
}

describe('readPriceForm', () => {
  it('accepts a date or a date and time in UTC', () => {
    expect(readPriceForm(form('2026-01-02'))).toMatchObject({ ok: true })
    expect(readPriceForm(form('2026-01-02T03:04'))).toMatchObject({ ok: true })
  })

  it.each(['0000-01-01', '1999-12-31', '2026-02-30', 'soon'])('refuses %s as effective date', (value) => {
    const result = readPriceForm(form(value))
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.errors.effectiveFrom).toMatch(/Enter a date/)
  })
})
