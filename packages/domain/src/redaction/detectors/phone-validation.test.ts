import { describe, expect, it } from 'vitest'
import { PhoneValidator } from './phone-validation'

describe('PhoneValidator', () => {
  it('validates national numbers per region with the library', () => {
    const v = new PhoneValidator(0)
    expect(v.national('4155550132', [3, 6], 'US', false)).toBe(true)
    // Valid NANP digits grouped as no NANP number is written.
    expect(v.national('4155550132', [2, 6], 'US', false)).toBe(false)
    // Exchange 123 does not exist.
    expect(v.national('5551234567', [3, 6], 'US', false)).toBe(false)
  })

  it('accepts bare runs only as mobiles written in the national format', () => {
    const v = new PhoneValidator(0)
    expect(v.national('13812345678', [], 'CN', true)).toBe(true)
    expect(v.national('01012345678', [], 'CN', true)).toBe(false)
    expect(v.national('07700900123', [], 'GB', true)).toBe(true)
    expect(v.national('02071234567', [], 'GB', true)).toBe(false)
  })

  it('validates international numbers, and unallocated ones of a mobile or fixed-line shape', () => {
    const v = new PhoneValidator(0)
    expect(v.international('442071234567')).toBe(true)
    expect(v.international('447700900123')).toBe(true)
    expect(v.international('4477009001234')).toBe(false)
    expect(v.international('15551234567')).toBe(false)
  })

  it('judges by shape alone once a text has used its budget of library calls', () => {
    const v = new PhoneValidator(0)
    // The budget of a short text is 256 library calls; each distinct number uses one.
    for (let i = 0; i < 256; i++) v.national(String(2125550000 + i), [3, 6], 'US', false)
    // The library rejects this exchange (above), the shape check does not: redaction errs towards
    // redacting a text built of nothing but phone-like numbers.
    expect(v.national('5551234569', [3, 6], 'US', false)).toBe(true)
    expect(new PhoneValidator(0).national('5551234569', [3, 6], 'US', false)).toBe(false)
  })
})
