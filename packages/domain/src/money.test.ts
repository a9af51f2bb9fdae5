import { describe, expect, it } from 'vitest'
import {
  Decimal,
  DISPLAY_SCALE,
  exactUsd,
  formatCallCost,
  formatUsd,
  isCallCost,
  isUsd,
  roundUsd,
  sumUsd,
  toDecimal,
  trimUsd,
} from './money'

describe('money', () => {
  it('adds decimal strings exactly where floats would drift, rounding once at the end', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(sumUsd(['0.1', '0.2'])).toBe('0.300000000000')
    expect(sumUsd(Array.from({ length: 1000 }, () => '0.000001'))).toBe('0.001000000000')
    // a million 20-token embeddings: each rounded to 0 at six decimals, the exact sum does not
    expect(sumUsd(Array.from({ length: 1_000_000 }, () => '0.0000004'))).toBe('0.400000000000')
    expect(sumUsd(['0.00000165', '0.00000165'])).toBe('0.000003300000')
    expect(sumUsd(['0.0000014', '0.0000001'], DISPLAY_SCALE)).toBe('0.000002')
  })

  it('rounds half up to a display scale', () => {
    expect(roundUsd(toDecimal('0.0000015'))).toBe('0.000002')
    expect(roundUsd(toDecimal('0.0000014999'))).toBe('0.000001')
    expect(roundUsd(toDecimal('12345.6789'))).toBe('12345.678900')
  })

  it('keeps a call cost exact to twelve decimals, trailing zeros trimmed', () => {
    expect(exactUsd(toDecimal('0.000001650000'))).toBe('0.00000165')
    expect(exactUsd(toDecimal('0.02159625'))).toBe('0.02159625')
    expect(exactUsd(toDecimal('2.500000'))).toBe('2.5')
    expect(exactUsd(new Decimal('0.0000000000005'))).toBe('0.000000000001')
    expect(exactUsd(toDecimal('0'))).toBe('0')
    expect(trimUsd('0.000001650000')).toBe('0.00000165')
    expect(trimUsd('12.000000000000')).toBe('12')
    expect(trimUsd(null)).toBeNull()
  })

  it('accepts call costs the cost column holds, and nothing else', () => {
    expect(isCallCost('0.000000000001')).toBe(true)
    expect(isCallCost('99999999.999999999999')).toBe(true)
    expect(isCallCost('100000000')).toBe(false)
    expect(isCallCost('0.0000000000001')).toBe(false)
    expect(isCallCost('-1')).toBe(false)
  })

  it('refuses floats and malformed amounts', () => {
    expect(() => toDecimal(0.1)).toThrow(/float/)
    expect(() => toDecimal('1e5')).toThrow(/not a decimal/)
    expect(() => toDecimal('abc')).toThrow(/not a decimal/)
    expect(isUsd('12.50')).toBe(true)
    expect(isUsd('12.')).toBe(false)
    expect(isUsd(12.5)).toBe(false)
  })

  it('formats for display with grouping', () => {
    expect(formatUsd('1234567.891')).toBe('$1,234,567.89')
    expect(formatUsd('0.004')).toBe('$0.00')
    expect(formatUsd('-5.5')).toBe('-$5.50')
    expect(formatUsd('0.000123', 6)).toBe('$0.000123')
  })
})

describe('formatCallCost', () => {
  it('keeps cents from a dollar up, four decimals from a cent, every stored decimal below, without trailing zeros', () => {
    expect(formatCallCost('1234.5678')).toBe('$1,234.57')
    expect(formatCallCost('0.0125')).toBe('$0.0125')
    expect(formatCallCost('0.0500')).toBe('$0.05')
    expect(formatCallCost('0.00035')).toBe('$0.00035')
    expect(formatCallCost('0.000012')).toBe('$0.000012')
    expect(formatCallCost('0.000001650000')).toBe('$0.00000165')
    expect(formatCallCost('0.000000400000')).toBe('$0.0000004')
    expect(formatCallCost('0')).toBe('$0.00')
    expect(formatCallCost('0.99999')).toBe('$1.00')
  })
})
