import { describe, expect, it } from 'vitest'
import { callCost, exactCost, pricePerMillion, usd } from './format.server'

describe('cost formatting', () => {
  it('keeps the digits of tiny calls instead of rounding them to micro-dollars', () => {
    expect(callCost('0.000001650000')).toBe('$0.00000165')
    expect(callCost('0.000000400000')).toBe('$0.0000004')
    expect(callCost('0.078912')).toBe('$0.0789')
    expect(callCost('1.254')).toBe('$1.25')
    expect(callCost(null)).toBe('unpriced')
  })

  it('shows every stored decimal on the detail page, trailing zeros trimmed', () => {
    expect(exactCost('0.021596250000')).toBe('$0.02159625')
    expect(exactCost('0.003500000000')).toBe('$0.0035')
    expect(exactCost('2.000000000000')).toBe('$2.00')
    expect(exactCost(null)).toBe('unpriced')
  })

  it('shows totals in cents and a dash for a missing price', () => {
    expect(usd('1234.567')).toBe('$1,234.57')
    expect(pricePerMillion(undefined)).toBe('—')
    expect(pricePerMillion('0.075')).toBe('$0.075')
  })
})
