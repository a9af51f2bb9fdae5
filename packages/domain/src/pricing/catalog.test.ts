import { describe, expect, it } from 'vitest'
import { catalogPrices } from './catalog'
import { priceCall } from './price-call'

describe('catalogPrices', () => {
  it('reads per-million prices from the maintained catalog', () => {
    const prices = catalogPrices('openai', 'gpt-4o-mini', 1000)
    expect(prices).toMatchObject({
      source: 'catalog',
      inputMtok: '0.15',
      outputMtok: '0.6',
      cacheReadMtok: '0.075',
    })
    expect(catalogPrices('anthropic', 'claude-sonnet-4-20250514', 1000)).toMatchObject({
      inputMtok: '3',
      outputMtok: '15',
      cacheWriteMtok: '3.75',
      cacheReadMtok: '0.3',
    })
  })

  it("applies long-context tiers by the call's input tokens", () => {
    expect(catalogPrices('google', 'gemini-2.5-pro', 100_000)?.inputMtok).toBe('1.25')
    expect(catalogPrices('google', 'gemini-2.5-pro', 300_000)?.inputMtok).toBe('2.5')
  })

  it('returns null for unknown models', () => {
    expect(catalogPrices('openai', 'no-such-model-xyz', 10)).toBeNull()
  })
})

describe('priceCall', () => {
  const at = new Date('2026-06-15T12:00:00Z')
  const usage = { promptTokens: 1000, completionTokens: 100 }
  const custom = {
    id: 7,
    provider: 'openai',
    model: 'gpt-4o-mini',
    inputMtok: '0.10',
    outputMtok: '0.40',
    cacheReadMtok: null,
    cacheWriteMtok: null,
    reasoningMtok: null,
    effectiveFrom: new Date('2026-06-01T00:00:00Z'),
  }

  it('uses the catalog when no custom price applies', () => {
    const priced = priceCall({ provider: 'openai', model: 'gpt-4o-mini', usage, at, customPrices: [] })
    expect(priced).toMatchObject({ cost: '0.000210', source: 'catalog' })
  })

  it('prefers the newest custom price effective at the call time', () => {
    const later = { ...custom, id: 8, inputMtok: '0.05', effectiveFrom: new Date('2026-07-01T00:00:00Z') }
    const priced = priceCall({
      provider: 'openai',
      model: 'gpt-4o-mini',
      usage,
      at,
      customPrices: [custom, later],
    })
    expect(priced).toMatchObject({ cost: '0.000140', source: 'custom', prices: { ref: '7' } })
  })

  it('lets a caller-supplied cost win, and marks unknown models unpriced (null, never 0)', () => {
    expect(
      priceCall({ provider: 'openai', model: 'gpt-4o-mini', usage, at, customPrices: [], callerCost: '0.5' }),
    ).toMatchObject({ cost: '0.500000', source: 'caller' })
    expect(priceCall({ provider: 'acme', model: 'secret-model', usage, at, customPrices: [] })).toEqual({
      cost: null,
      source: null,
      prices: null,
    })
  })
})
