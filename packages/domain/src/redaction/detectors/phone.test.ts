import { describe, expect, it } from 'vitest'
import { configureRedaction } from '../configure'
import { DEFAULT_PHONE_REGIONS } from '../phone-regions'
import { found } from '../test-helpers'
import { findDigitRuns } from './digit-runs'
import { detectPhones } from './phone'

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
    // National formats of the default regions, validated by libphonenumber's metadata.
    ['UK mobile, national', 'My mobile is 07700 900123.', '07700 900123'],
    ['UK mobile, bare with trunk prefix', 'Text 07700900123 when you land', '07700900123'],
    ['UK mobile, allocated range', 'ring 07911 123456', '07911 123456'],
    ['Chinese mobile, bare', '我的手机 13812345678', '13812345678'],
    // Chinese and Japanese write numbers straight into the sentence: Han and kana do not glue.
    ['Chinese mobile glued to Han text', '请拨打手机13912345678联系我', '13912345678'],
    ['Japanese mobile glued to kana', '電話は090-1234-5678までお願いします', '090-1234-5678'],
    ['Israeli mobile, hyphenated', 'Israeli mobile 050-1234567', '050-1234567'],
    ['Israeli mobile, bare after a keyword', 'Mobile: 0501234567', '0501234567'],
    ['Indian mobile, bare after a keyword', 'call 9876543210', '9876543210'],
    ['Israeli mobile, bare after a Hebrew keyword', 'נייד 0501234567', '0501234567'],
    ['Israeli mobile, bare after "number"', 'My Israeli number is 0501234567', '0501234567'],
    ['US grouped 3 + 7', 'Office 415 5550132', '415 5550132'],
    ['German mobile', 'Ruf mich an: 0170 1234567', '0170 1234567'],
    ['French mobile in pairs', 'Portable 06 12 34 56 78', '06 12 34 56 78'],
    ['Australian mobile', 'Mob 0412 345 678', '0412 345 678'],
    ['Australian landline', '(02) 9876 5432', '(02) 9876 5432'],
    ['Japanese mobile', '090-1234-5678', '090-1234-5678'],
    ['Brazilian mobile', 'Celular (11) 96123-4567', '(11) 96123-4567'],
    ['Indian mobile without trunk prefix', 'WhatsApp 98765 43210', '98765 43210'],
    ['Canadian', 'Ottawa office (613) 555-0150', '(613) 555-0150'],
    ['country code 1 before a parenthesized area code', 'Call 1 (800) 555-0199', '1 (800) 555-0199'],
    // International with 00 instead of +, and the (0) trunk prefix written in.
    ['00 prefix', 'Dial 0044 20 7123 4567', '0044 20 7123 4567'],
    ['00 prefix, spaced', 'Paris 00 33 1 42 68 53 00', '00 33 1 42 68 53 00'],
    ['(0) after the country code', '+44 (0)20 7123 4567', '+44 (0)20 7123 4567'],
    ['Israeli mobile, international', '+972 50-123-4567', '+972 50-123-4567'],
    ['international with mixed separators', 'Moscow +7 912 345-67-89', '+7 912 345-67-89'],
    // A comma between digit runs is a field boundary unless it splits thousands.
    ['national number in a CSV row', '12,"Ana Lima",030 12345678,2026-04-01', '030 12345678'],
    ['national number after a numeric CSV field', '4432,0170 1234567,Berlin', '0170 1234567'],
    // In JSON-encoded text a number may follow a `\n` escape.
    ['after a JSON \\n escape', '{"note": "Call me\\n07700 900123"}', '07700 900123'],
    ['international after a JSON \\n escape', '{"note": "UK:\\n+44 20 7946 0958"}', '+44 20 7946 0958'],
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
    // Numbers that are valid phone numbers somewhere but are written as something else.
    ['order number, bare NANP', 'order 2125550100 confirmed'],
    ['order number with leading zero', 'Order 0123456789 shipped'],
    ['fixed-line digits after "number"', 'Your order number is 0123456789'],
    ['nine digits after "number"', 'Account number 050123456'],
    ['epoch milliseconds', 'ts=1700000000123'],
    ['ten-digit id', 'id 2024031512'],
    ['Indian mobile digits without context or grouping', 'ref 9876543210'],
    ['ten bare digits that are a French mobile number', 'ref 0612345678'],
    ['ISBN-10 bare', 'ISBN 0306406152'],
    ['ISBN-13', 'ISBN 978-0-306-40615-7'],
    ['German date', 'am 15.03.2024'],
    ['year-first date with slashes', '2024/03/15'],
    ['version string', 'build 10.0.19041.1'],
    ['price with thousands spaces', 'Total: 1 234 567,89 €'],
    ['big number with thousands spaces', 'Population 1 402 112 000'],
    ['thousands commas', 'Revenue 1,415,555,0132 units'],
    ['grouped number before a thousands group', 'paid 0170 1234567,500 euros'],
    ['NANP grouping of a number only valid elsewhere', 'amount 555-123-4567'],
    ['IMEI', 'IMEI 490154203237518'],
    ['German IBAN', 'IBAN DE89 3704 0044 0532 0130 00'],
    ['digits glued to a letter that is no escape', 'ref x07700 900123'],
    ['Brazilian postal code', 'CEP 01310-100'],
  ])('ignores %s', (_why, text) => {
    expect(phones(text)).toEqual([])
  })
})

describe('phone regions', () => {
  const detect = (text: string, regions?: Parameters<typeof detectPhones>[2]) =>
    detectPhones(text, findDigitRuns(text), regions).map((f) => text.slice(f.start, f.end))

  it('recognizes national formats only of the given regions', () => {
    expect(detect('Israeli mobile 050-1234567', ['US'])).toEqual([])
    expect(detect('Israeli mobile 050-1234567', ['IL'])).toEqual(['050-1234567'])
  })

  it('recognizes international numbers whatever the regions', () => {
    expect(detect('+972 50-123-4567', ['US'])).toEqual(['+972 50-123-4567'])
  })

  it('uses the regions set with configureRedaction by default', () => {
    try {
      configureRedaction({ phoneRegions: ['US'] })
      expect(phones('Mobile 050-1234567')).toEqual([])
    } finally {
      configureRedaction({ phoneRegions: DEFAULT_PHONE_REGIONS })
    }
    expect(phones('Mobile 050-1234567')).toEqual(['phone:050-1234567'])
  })
})

describe('phone detection on text made of phone-like numbers', () => {
  const MB = 1024 * 1024
  const make = (piece: (i: number) => string) => {
    const parts: string[] = []
    for (let i = 0, size = 0; size < MB; i++) {
      parts.push(piece(i))
      size += (parts[i] as string).length
    }
    return parts.join('')
  }

  // Distinct numbers defeat the cache; the per-text budget of library calls bounds the cost.
  it.each([
    ['international numbers', (i: number) => `+${442012345678 + i * 7919} `],
    ['numbers after a keyword', (i: number) => `call ${4155550000 + i * 7919} `],
  ])('completes on 1 MB of distinct %s', { timeout: 10_000 }, (_name, piece) => {
    const text = make(piece)
    const found = detectPhones(text, findDigitRuns(text))
    expect(found.length).toBeGreaterThan(10_000)
  })
})
