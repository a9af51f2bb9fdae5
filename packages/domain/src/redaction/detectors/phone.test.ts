import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const phones = (text: string) => found(text).filter((f) => f.startsWith('phone:'))

describe('phone detection', () => {
  it.each([
    ['international NANP', 'Call +1 415 555 0147 now', '+1 415 555 0147'],
    ['E.164 in a tel: URI', '<a href="tel:+14155550132">', '+14155550132'],
    ['hyphenated international', 'Call me on +1-202-555-0147 after 5pm.', '+1-202-555-0147'],
    ['UK mobile', 'UK mobile: +44 7700 900123', '+44 7700 900123'],
    ['parenthesized area code', '+44 (20) 7123 4567', '+44 (20) 7123 4567'],
    ['French grouping', '+33 1 42 68 53 00', '+33 1 42 68 53 00'],
    ['US with parentheses', 'My US number is (415) 555-0132.', '(415) 555-0132'],
    ['US hyphenated', 'US: 415-555-0132', '415-555-0132'],
    ['US dotted', 'fax 415.555.0132', '415.555.0132'],
    ['US with country code', 'Toll free 1-800-555-0199', '1-800-555-0199'],
    ['trunk-prefixed national', 'My Israeli number is 09-7625400', '09-7625400'],
    ['UK national', 'Office: 020 7123 4567', '020 7123 4567'],
    ['bare digits after "call"', 'call me at 4155550132', '4155550132'],
  ])('finds %s', (_why, text, phone) => {
    expect(phones(text)).toEqual([`phone:${phone}`])
  })

  it.each([
    ['epoch seconds', 'created_at: 1700000000'],
    ['bare ten digits without context', 'Order 4155550132 shipped'],
    ['invalid NANP exchange', 'Phone: 555-123-4567'],
    ['date', 'Meeting on 2024-03-15 at 10:30, room 4B.'],
    ['US date', 'DOB 03/15/1988'],
    ['zip+4', 'Ship to San Francisco, CA 94105-1234'],
    ['zip+4 starting with 0', 'Boston MA 02134-1234'],
    ['ISBN', 'ISBN 0-306-40615-2'],
    ['coordinates', 'Coordinates 37.7749, -122.4194'],
    ['ports', 'The dev server listens on localhost:3000 and the API on port 8080.'],
    ['time zone offset', '2024-05-01T12:00:00+05:30'],
    ['plus and a short number', 'that adds +100 tokens'],
    ['unknown country code', '+0 123 456 7890'],
    ['SSN-shaped with trunk zero', '078-05-0000'],
    ['card groups', 'Reference number 4508 7222 3264 7520 (not a card).'],
    ['part of a longer number chain', '415 555 0132 7788'],
  ])('ignores %s', (_why, text) => {
    expect(phones(text)).toEqual([])
  })
})
