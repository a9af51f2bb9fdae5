import { describe, expect, it } from 'vitest'
import { callCost, exactCost, pricePerMillion, usd } from './format.server'

describe('money on the server', () => {
  it('shows totals in cents and a call by the digits that matter', () => {
    expect(usd('1234.567')).toBe('$1,234.57')
    expect(callCost(null)).toBe('unpriced')
    expect(callCost('1.254')).toBe('$1.25')
    expect(callCost('0.078900')).toBe('$0.0789')
    expect(callCost('0.000012')).toBe('$0.000012')
  })

  it('keeps every stored decimal on the detail page, and a dash for a missing price', () => {
    expect(exactCost('0.0035')).toBe('$0.003500')
    expect(exactCost(null)).toBe('unpriced')
    expect(pricePerMillion(undefined)).toBe('—')
    expect(pricePerMillion('0.075')).toBe('$0.075')
  })
})
