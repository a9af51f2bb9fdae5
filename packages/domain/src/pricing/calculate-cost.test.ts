import { describe, expect, it } from 'vitest'
import { calculateCost } from './calculate-cost'

describe('calculateCost', () => {
  const prices = { inputMtok: '2.5', outputMtok: '10', cacheReadMtok: '1.25' }

  it('prices input and output per million tokens', () => {
    expect(calculateCost({ promptTokens: 1_000_000, completionTokens: 0 }, prices)).toBe('2.5')
    expect(calculateCost({ promptTokens: 1234, completionTokens: 567 }, prices)).toBe('0.008755')
  })

  it('prices cached input at the cache rate and falls back to the input rate', () => {
    expect(calculateCost({ promptTokens: 1000, completionTokens: 0, cachedTokens: 400 }, prices)).toBe(
      '0.002',
    )
    expect(
      calculateCost(
        { promptTokens: 1000, completionTokens: 0, cacheWriteTokens: 1000 },
        { ...prices, cacheWriteMtok: '3.125' },
      ),
    ).toBe('0.003125')
    expect(calculateCost({ promptTokens: 1000, completionTokens: 0, cacheWriteTokens: 1000 }, prices)).toBe(
      '0.0025',
    )
  })

  it('prices 1-hour cache writes at their own rate, else at the cache-write rate', () => {
    const usage = { promptTokens: 1000, completionTokens: 0, cacheWriteTokens: 1000, cacheWrite1hTokens: 400 }
    const claude = { inputMtok: '3', outputMtok: '15', cacheWriteMtok: '3.75', cacheWrite1hMtok: '6' }
    // 600 × 3.75 + 400 × 6 per million
    expect(calculateCost(usage, claude)).toBe('0.00465')
    expect(calculateCost(usage, { ...claude, cacheWrite1hMtok: null })).toBe('0.00375')
  })

  it('prices web searches per request where a price exists, never from tokens', () => {
    const usage = { promptTokens: 1000, completionTokens: 0, webSearchRequests: 3 }
    expect(calculateCost(usage, { inputMtok: '3', outputMtok: '15', webSearchKcount: '10' })).toBe('0.033')
    expect(calculateCost(usage, { inputMtok: '3', outputMtok: '15' })).toBe('0.003')
  })

  it('prices reasoning tokens at the output rate unless a reasoning price is set', () => {
    const usage = { promptTokens: 0, completionTokens: 1000, reasoningTokens: 600 }
    expect(calculateCost(usage, prices)).toBe('0.01')
    expect(calculateCost(usage, { ...prices, reasoningMtok: '20' })).toBe('0.016')
  })

  it('keeps tiny amounts exactly, with no per-call rounding', () => {
    // 7 input + 1 output tokens on gpt-4o-mini: rounding to micro-dollars made this 0.000002 (+21 %)
    expect(
      calculateCost({ promptTokens: 7, completionTokens: 1 }, { inputMtok: '0.15', outputMtok: '0.6' }),
    ).toBe('0.00000165')
    // a 20-token embedding at $0.02 per million tokens is not free
    expect(
      calculateCost({ promptTokens: 20, completionTokens: 0 }, { inputMtok: '0.02', outputMtok: '0' }),
    ).toBe('0.0000004')
    expect(calculateCost({ promptTokens: 0, completionTokens: 0 }, prices)).toBe('0')
  })

  it('rounds half-up only past the twelfth decimal', () => {
    expect(
      calculateCost({ promptTokens: 1, completionTokens: 0 }, { inputMtok: '0.0000005', outputMtok: '0' }),
    ).toBe('0.000000000001')
    expect(
      calculateCost({ promptTokens: 1, completionTokens: 0 }, { inputMtok: '0.0000004', outputMtok: '0' }),
    ).toBe('0')
  })
})
