import { describe, expect, it } from 'vitest'
import { catalogPrices, createCatalogMemo, numberToUsd } from './catalog'
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

  it('reads the 1-hour cache-write, reasoning and web-search prices where the catalog has them', () => {
    expect(catalogPrices('anthropic', 'claude-sonnet-4-20250514', 1000)).toMatchObject({
      cacheWrite1hMtok: '6',
      webSearchKcount: '10',
    })
    expect(catalogPrices('perplexity', 'sonar-deep-research', 1000)?.reasoningMtok).toBe('3')
    expect(catalogPrices('openai', 'gpt-4o-mini', 1000)).toMatchObject({
      cacheWrite1hMtok: null,
      reasoningMtok: null,
    })
  })

  it('drops binary noise from catalog numbers', () => {
    expect(numberToUsd(0.18000000000000002)).toBe('0.18')
    expect(numberToUsd(1.25e-7)).toBe('0.000000125')
    expect(numberToUsd(3)).toBe('3')
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
    expect(priced).toMatchObject({ cost: '0.00021', source: 'catalog' })
  })

  it("keeps the issue's examples exact: tiny call, embedding, cache-heavy Claude call", () => {
    const price = (provider: string, model: string, u: Parameters<typeof priceCall>[0]['usage']) =>
      priceCall({ provider, model, usage: u, at, customPrices: [] }).cost
    expect(price('openai', 'gpt-4o-mini', { promptTokens: 7, completionTokens: 1 })).toBe('0.00000165')
    expect(price('openai', 'text-embedding-3-small', { promptTokens: 20, completionTokens: 0 })).toBe(
      '0.0000004',
    )
    // 34,475 cache reads × 0.30 + 1,001 cache writes × 3.75 + 500 output × 15, per million
    expect(
      price('anthropic', 'claude-sonnet-4-20250514', {
        promptTokens: 35_476,
        cachedTokens: 34_475,
        cacheWriteTokens: 1_001,
        completionTokens: 500,
      }),
    ).toBe('0.02159625')
    // its cache writes at the 1-hour rate ($6) and two web searches ($10 per 1,000): 0.0238485 + 0.02
    expect(
      price('anthropic', 'claude-sonnet-4-20250514', {
        promptTokens: 35_476,
        cachedTokens: 34_475,
        cacheWriteTokens: 1_001,
        cacheWrite1hTokens: 1_001,
        completionTokens: 500,
        webSearchRequests: 2,
      }),
    ).toBe('0.0438485')
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
    expect(priced).toMatchObject({ cost: '0.00014', source: 'custom', prices: { ref: '7' } })
  })

  it('lets a caller-supplied cost win, and marks unknown models unpriced (null, never 0)', () => {
    expect(
      priceCall({ provider: 'openai', model: 'gpt-4o-mini', usage, at, customPrices: [], callerCost: '0.5' }),
    ).toMatchObject({ cost: '0.5', source: 'caller' })
    expect(priceCall({ provider: 'acme', model: 'secret-model', usage, at, customPrices: [] })).toEqual({
      cost: null,
      source: null,
      prices: null,
    })
  })
})

describe('catalogPrices with a batch memo', () => {
  const calls: Array<[string, string, number, Date]> = [
    ['openai', 'gpt-4o-mini', 1000, new Date('2026-03-01T10:00:00Z')],
    ['openai', 'gpt-4o-mini', 300_000, new Date('2026-03-01T10:00:01Z')],
    ['anthropic', 'claude-sonnet-4-20250514', 250_000, new Date('2026-03-01T10:00:02Z')],
    ['anthropic', 'claude-sonnet-4-20250514', 1000, new Date('2026-03-01T10:00:03Z')],
    // Time-of-day prices: the memo must not answer 20:00 with the 10:00 price.
    ['deepseek', 'deepseek-chat', 1000, new Date('2026-03-01T10:00:00Z')],
    ['deepseek', 'deepseek-chat', 1000, new Date('2026-03-01T20:00:00Z')],
    ['openai', 'no-such-model-anywhere', 1000, new Date('2026-03-01T10:00:00Z')],
  ]

  it('answers every call as the look-up without a memo does, tiers and times included', () => {
    const memo = createCatalogMemo()
    const withMemo = calls.map(([p, m, tokens, at]) => catalogPrices(p, m, tokens, at, memo))
    expect(withMemo).toEqual(calls.map(([p, m, tokens, at]) => catalogPrices(p, m, tokens, at)))
    expect(withMemo[4]?.inputMtok).not.toBe(withMemo[5]?.inputMtok)
    // Kept: the two models with one price for all times; not the time-of-day one, nor the unknown one.
    expect([...memo.found.keys()].sort()).toEqual([
      'anthropic\u0000claude-sonnet-4-20250514',
      'openai\u0000gpt-4o-mini',
    ])
  })
})
