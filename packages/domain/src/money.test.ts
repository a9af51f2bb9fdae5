import { describe, expect, it } from 'vitest'
import { formatCallCost, formatUsd, isUsd, roundUsd, sumUsd, toDecimal } from './money'

describe('money', () => {
  it('adds decimal strings exactly where floats would drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(sumUsd(['0.1', '0.2'])).toBe('0.300000')
    expect(sumUsd(Array.from({ length: 1000 }, () => '0.000001'))).toBe('0.001000')
  })

  it('rounds half up to micro-dollars', () => {
    expect(roundUsd(toDecimal('0.0000015'))).toBe('0.000002')
    expect(roundUsd(toDecimal('0.0000014999'))).toBe('0.000001')
    expect(roundUsd(toDecimal('12345.6789'))).toBe('12345.678900')
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
  it('keeps cents from a dollar up, four decimals from a cent, six below, without trailing zeros', () => {
    expect(formatCallCost('1234.5678')).toBe('$1,234.57')
    expect(formatCallCost('0.0125')).toBe('$0.0125')
    expect(formatCallCost('0.0500')).toBe('$0.05')
    expect(formatCallCost('0.00035')).toBe('$0.00035')
    expect(formatCallCost('0.000012')).toBe('$0.000012')
    expect(formatCallCost('0')).toBe('$0.00')
    expect(formatCallCost('0.99999')).toBe('$1.00')
  })
})
