import { describe, expect, it } from 'vitest'
import { calculateCost } from './calculate-cost'

describe('calculateCost', () => {
  const prices = { inputMtok: '2.5', outputMtok: '10', cacheReadMtok: '1.25' }

  it('prices input and output per million tokens', () => {
    expect(calculateCost({ promptTokens: 1_000_000, completionTokens: 0 }, prices)).toBe('2.500000')
    expect(calculateCost({ promptTokens: 1234, completionTokens: 567 }, prices)).toBe('0.008755')
  })

  it('prices cached input at the cache rate and falls back to the input rate', () => {
    expect(calculateCost({ promptTokens: 1000, completionTokens: 0, cachedTokens: 400 }, prices)).toBe(
      '0.002000',
    )
    expect(
      calculateCost(
        { promptTokens: 1000, completionTokens: 0, cacheWriteTokens: 1000 },
        { ...prices, cacheWriteMtok: '3.125' },
      ),
    ).toBe('0.003125')
    expect(calculateCost({ promptTokens: 1000, completionTokens: 0, cacheWriteTokens: 1000 }, prices)).toBe(
      '0.002500',
    )
  })

  it('prices reasoning tokens at the output rate unless a reasoning price is set', () => {
    const usage = { promptTokens: 0, completionTokens: 1000, reasoningTokens: 600 }
    expect(calculateCost(usage, prices)).toBe('0.010000')
    expect(calculateCost(usage, { ...prices, reasoningMtok: '20' })).toBe('0.016000')
  })

  it('is exact in decimal for tiny amounts (rounded half up to micro-dollars)', () => {
    expect(
      calculateCost({ promptTokens: 10, completionTokens: 0 }, { inputMtok: '0.15', outputMtok: '0.6' }),
    ).toBe('0.000002')
    expect(calculateCost({ promptTokens: 0, completionTokens: 0 }, prices)).toBe('0.000000')
  })
})
