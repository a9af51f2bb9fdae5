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

// The split-and-regex versions these replaced, to hold the in-place ones to.
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/
function referenceIPv4(s: string): boolean {
  const parts = s.split('.')
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
}
function referenceIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false
  let head = s
  let embedded = 0
  const lastColon = s.lastIndexOf(':')
  if (lastColon === -1) return false
  if (s.includes('.', lastColon)) {
    if (!referenceIPv4(s.slice(lastColon + 1))) return false
    head = s.slice(0, lastColon + 1)
    if (!head.endsWith('::')) head = head.slice(0, -1)
    embedded = 2
  }
  const compressed = head.indexOf('::')
  if (compressed === -1) {
    const groups = head.split(':')
    return groups.every((g) => HEX_GROUP.test(g)) && groups.length + embedded === 8
  }
  if (head.includes('::', compressed + 1) || head.includes(':::')) return false
  const left = head.slice(0, compressed)
  const right = head.slice(compressed + 2)
  const groups = [...(left ? left.split(':') : []), ...(right ? right.split(':') : [])]
  return groups.every((g) => HEX_GROUP.test(g)) && groups.length + embedded <= 7
}

describe('in-place validation', () => {
  let seed = 11
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  const pick = <T>(xs: readonly T[]) => xs[random(xs.length)] as T
  const octets = ['0', '9', '10', '255', '256', '001', '0001', '', 'a']
  const groups = ['0', '1', 'db8', 'fFfF', '0000', '12345', 'g', '']
  const tails = ['', '', '', ':1.2.3.4', '.1.2.3.4', ':256.1.1.1', ':1.2.3', ':']
  const quad = () => Array.from({ length: 3 + random(3) }, () => pick(octets)).join('.')
  const ipv6 = () => {
    const parts = Array.from({ length: random(10) }, () => pick(groups))
    if (random(2) === 0) parts.splice(random(parts.length + 1), 0, random(4) === 0 ? ':' : '')
    return parts.join(':') + pick(tails)
  }

  it('agrees with split-and-regex validation on generated candidates', () => {
    let valid = 0
    for (let n = 0; n < 20000; n++) {
      for (const s of [quad(), ipv6()]) {
        expect([s, isValidIPv4(s)]).toEqual([s, referenceIPv4(s)])
        expect([s, isValidIPv6(s)]).toEqual([s, referenceIPv6(s)])
        if (referenceIPv4(s) || referenceIPv6(s)) valid++
      }
    }
    // The generator reaches both answers often.
    expect(valid).toBeGreaterThan(2000)
    expect(valid).toBeLessThan(38000)
  })

  it('finds valid ones among the generated candidates too', () => {
    for (const s of [
      '1:2:3:4:5:6:7:8',
      '1::',
      '::1.2.3.4',
      '1:2:3:4:5:6:1.2.3.4',
      '1::2:1.2.3.4',
      '25.0.255.1',
    ])
      expect([s, isValidIPv4(s) || isValidIPv6(s)]).toEqual([s, true])
  })
})
