import { describe, expect, it } from 'vitest'
import { isValidIPv4, isValidIPv6 } from './ip-address-validation'

describe('isValidIPv4', () => {
  it.each(['0.0.0.0', '192.168.1.1', '255.255.255.255', '10.0.0.01'])('accepts %s', (s) => {
    expect(isValidIPv4(s)).toBe(true)
  })

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '1.2.3.1000', 'a.b.c.d'])('rejects %s', (s) => {
    expect(isValidIPv4(s)).toBe(false)
  })
})

describe('isValidIPv6', () => {
  it.each([
    '2001:db8::1',
    '::1',
    '::',
    'fe80::',
    '2345:0425:2CA1:0000:0000:0567:5673:23b5',
    '2345:0425:2CA1::0567:5673:23b5',
    '::ffff:192.168.1.1',
    '0:0:0:0:0:FFFF:129.144.52.38',
    '64:ff9b::198.51.100.1',
    '::192.168.1.1',
  ])('accepts %s', (s) => {
    expect(isValidIPv6(s)).toBe(true)
  })

  it.each([
    ['two ::', '2001::db8::1'],
    ['five hex digits', '12345:db8::1'],
    ['seven groups, no ::', '684D:1111:222:3333:4444:5555:77'],
    ['nine groups', '1:2:3:4:5:6:7:8:9'],
    ['::: run', ':::'],
    ['bad embedded octet', '2001:db8::256.1.1.1'],
    ['IPv4 not last', '1.2.3.4::1'],
    ['MAC address', 'aa:bb:cc:dd:ee:ff'],
    ['time', '12:34:56'],
    ['trailing single colon', '2001:db8::1:'],
    ['non-hex', 'gggg::1'],
  ])('rejects %s', (_why, s) => {
    expect(isValidIPv6(s)).toBe(false)
  })
})
