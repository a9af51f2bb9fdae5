import { describe, expect, it } from 'vitest'
import { priceValues, readPriceForm, saveErrors } from './price-form'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries({
    provider: 'openai',
    model: 'gpt-4o',
    inputMtok: '2.5',
    outputMtok: '10',
    effectiveFrom: '2026-01-02',
    ...fields,
  }))
    data.set(k, v)
  return data
}

describe('readPriceForm', () => {
  it('accepts a date or a date and time in UTC', () => {
    expect(readPriceForm(form({ effectiveFrom: '2026-01-02' }))).toMatchObject({
      ok: true,
      fields: { effectiveFrom: new Date('2026-01-02T00:00:00Z') },
    })
    expect(readPriceForm(form({ effectiveFrom: '2026-01-02T03:04' }))).toMatchObject({
      ok: true,
      fields: { effectiveFrom: new Date('2026-01-02T03:04:00Z') },
    })
  })

  it.each(['0000-01-01', '1999-12-31', '2026-02-30', 'soon'])('refuses %s as effective date', (value) => {
    const result = readPriceForm(form({ effectiveFrom: value }))
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.errors.effectiveFrom).toMatch(/Enter a date/)
  })

  it('trims, lower-cases the provider, drops a leading $ and turns empty optional prices into null', () => {
    const result = readPriceForm(
      form({
        provider: ' OpenAI ',
        model: ' gpt-4o ',
        inputMtok: '$2.5',
        cacheReadMtok: '',
        notes: ' deal ',
      }),
    )
    expect(result).toEqual({
      ok: true,
      values: expect.objectContaining({ provider: 'openai', inputMtok: '2.5', notes: 'deal' }),
      fields: {
        provider: 'openai',
        model: 'gpt-4o',
        inputMtok: '2.5',
        outputMtok: '10',
        cacheReadMtok: null,
        cacheWriteMtok: null,
        reasoningMtok: null,
        effectiveFrom: new Date('2026-01-02T00:00:00Z'),
        notes: 'deal',
      },
    })
  })

  it('names every bad field', () => {
    const result = readPriceForm(
      form({ provider: 'Open AI!', model: '', inputMtok: '', outputMtok: '-1', reasoningMtok: '0.1234567' }),
    )
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual([
      'inputMtok',
      'model',
      'outputMtok',
      'provider',
      'reasoningMtok',
    ])
  })
})

describe('priceValues', () => {
  it('shows a stored price without trailing zeros and its start to the minute', () => {
    const values = priceValues({
      id: 1,
      provider: 'openai',
      model: 'gpt-4o',
      inputMtok: '2.500000',
      outputMtok: '10.000000',
      cacheReadMtok: null,
      cacheWriteMtok: '0.000000',
      reasoningMtok: null,
      effectiveFrom: new Date('2026-01-02T03:04:00Z'),
      notes: null,
    })
    expect(values).toMatchObject({
      inputMtok: '2.5',
      outputMtok: '10',
      cacheReadMtok: '',
      cacheWriteMtok: '0',
      effectiveFrom: '2026-01-02T03:04',
      notes: '',
    })
  })

  it('starts a blank form today', () => {
    expect(priceValues(undefined, new Date('2026-05-06T23:00:00Z')).effectiveFrom).toBe('2026-05-06')
  })
})

describe('saveErrors', () => {
  it('puts a duplicate start on the date field and a vanished price on the form', () => {
    expect(saveErrors({ ok: false, problem: 'duplicate_start' })).toHaveProperty('effectiveFrom')
    expect(saveErrors({ ok: false, problem: 'not_found' })).toHaveProperty('form')
  })
})
