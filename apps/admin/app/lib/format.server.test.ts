import { describe, expect, it } from 'vitest'
import { callCost, exactCost } from './format.server'

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
  })
})
