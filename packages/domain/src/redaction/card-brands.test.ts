import { describe, expect, it } from 'vitest'
import { isPlausibleCardNumber } from './card-brands'

describe('isPlausibleCardNumber', () => {
  it.each([
    ['visa', '4111111111111111'],
    ['visa electron', '4917300800000000'],
    ['mastercard 2-series', '2223003122003222'],
    ['amex', '371449635398431'],
    ['diners 14 digits', '30569309025904'],
    ['discover', '6011000400000000'],
    ['jcb', '3528000700000000'],
    ['maestro', '6759649826438453'],
    ['dankort', '5019717010103742'],
    ['uatp', '122000000000003'],
  ])('accepts %s', (_brand, n) => {
    expect(isPlausibleCardNumber(n)).toBe(true)
  })

  it.each([
    ['Luhn failure', '4111111111111112'],
    ['Luhn-valid IMEI (15 digits starting with 4)', '490154203237518'],
    ['13-digit epoch milliseconds', '1700000000123'],
    ['no issuer starts with 9', '9111111111111110'],
    ['amex prefix at 16 digits', '3714496353984310'],
    ['all zeros', '0000000000000000'],
    ['too short', '411111111111'],
  ])('rejects %s', (_why, n) => {
    expect(isPlausibleCardNumber(n)).toBe(false)
  })
})
