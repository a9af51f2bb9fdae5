import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const cards = (text: string) => found(text).filter((f) => f.startsWith('credit_card:'))

describe('credit card detection', () => {
  it.each([
    ['bare Visa', 'Please bill 4917300800000000 for the renewal.', '4917300800000000'],
    ['spaced', 'Card on file: 4111 1111 1111 1111, exp 09/27', '4111 1111 1111 1111'],
    ['hyphenated', '4012-8888-8888-1881', '4012-8888-8888-1881'],
    ['Amex 4-6-5', 'Amex 3714 496353 98431', '3714 496353 98431'],
    ['Mastercard 2-series', 'Try 2223003122003222 in sandbox.', '2223003122003222'],
    ['UATP', 'my credit card: 122000000000003 please', '122000000000003'],
    ['followed by a CVV group', 'Card: 4111 1111 1111 1111 123', '4111 1111 1111 1111'],
    ['preceded by a year', 'since 2024 4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['in JSON', '{"pan": "5105105105105100"}', '5105105105105100'],
    ['glued to Han text', '卡号4111111111111111已过期', '4111111111111111'],
  ])('finds %s', (_why, text, card) => {
    expect(cards(text)).toEqual([`credit_card:${card}`])
  })

  it('finds three formats in one line', () => {
    expect(cards('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toHaveLength(3)
  })

  it.each([
    ['Luhn failure', 'Order 4111 1111 1111 1112 shipped yesterday.'],
    ['random 16 digits', 'Reference number 4508 7222 3264 7520 (not a card).'],
    ['IMEI', 'Device IMEI: 490154203237518'],
    ['epoch milliseconds', 'created_at_ms=1700000000123'],
    ['tracking number', 'Tracking ID 1234567890123456 is in transit.'],
    ['glued to letters', 'UPS 1Z999AA10123456784 out for delivery'],
    ['decimal', 'ratio 0.4111111111111111'],
    ['currency', 'Total: $4,111.11 charged on 2024-01-31'],
    ['Diners Luhn failure', 'my credit card number is 36168002586008'],
  ])('ignores %s', (_why, text) => {
    expect(cards(text)).toEqual([])
  })
})
