import { describe, expect, it } from 'vitest'
import { firstDigits, hasTypeShape, mainRegion, numberingPlan } from './numbering-plans'

describe('firstDigits', () => {
  it.each([
    ['7(?:457[0-57-9]|700[01])\\d{5}|7(?:[1-3]\\d\\d)\\d{6}', '7'],
    ['[2-9]\\d{9}|3\\d{6}', '23456789'],
    ['(?:5[0-2]|4)\\d{7}|1740\\d{6}', '145'],
    ['[67]\\d{8}', '67'],
    ['\\d{8}', '0123456789'],
    // An optional first atom: any digit may come first.
    ['(?:1)?2\\d{6}', '0123456789'],
  ])('%s starts with [%s]', (pattern, digits) => {
    expect(firstDigits(pattern)).toBe(digits)
  })
})

describe('numbering plans', () => {
  it('reads trunk prefixes and mobile shapes from the metadata', () => {
    expect(numberingPlan('GB').nationalPrefix).toBe('0')
    expect(numberingPlan('US').nationalPrefix).toBe('1')
    expect(numberingPlan('GB').mobile?.firstDigits).toBe('7')
  })

  it('tells mobile-shaped numbers from others', () => {
    const gb = numberingPlan('GB')
    expect(hasTypeShape(gb, '7700900123', 'mobile')).toBe(true)
    expect(hasTypeShape(gb, '2071234567', 'mobile')).toBe(false)
    expect(hasTypeShape(gb, '2071234567', 'any')).toBe(true)
    expect(hasTypeShape(gb, '77009001234', 'any')).toBe(false)
  })

  it('maps a calling code to its main region', () => {
    expect(mainRegion('44')).toBe('GB')
    expect(mainRegion('1')).toBe('US')
    expect(mainRegion('800')).toBeNull()
  })
})
