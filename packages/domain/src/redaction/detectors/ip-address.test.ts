import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const ips = (text: string) => found(text).filter((f) => f.startsWith('ip_address:'))

describe('IP address detection', () => {
  it.each([
    ['IPv4', 'Failed login from 203.0.113.42 at 02:14 UTC', '203.0.113.42'],
    ['IPv4 with CIDR', 'Route is 10.0.0.0/8.', '10.0.0.0/8'],
    ['IPv4 before a port', '133.133.133.133:8080', '133.133.133.133'],
    ['IPv4 in a key=value pair', 'client_ip=198.51.100.7&x=1', '198.51.100.7'],
    ['IPv4 with a bogus @ suffix', '192.168.2.1@eth0', '192.168.2.1'],
    ['IPv4 glued to Han text', '服务器192.168.1.10已下线', '192.168.1.10'],
    ['IPv4 at the end of a sentence', 'Blocked 203.0.113.9.', '203.0.113.9'],
    ['IPv4 in a URL', 'GET http://10.1.2.3/health', '10.1.2.3'],
    ['IPv4 in a path', 'DELETE /hosts/10.1.2.3', '10.1.2.3'],
    ['IPv4 after a host in a path', 'see example.com/10.1.2.3', '10.1.2.3'],
    ['IPv6 compressed', 'nginx: upstream 2001:db8:cafe::17 timed out', '2001:db8:cafe::17'],
    ['IPv6 full', '2345:0425:2CA1:0000:0000:0567:5673:23b5', '2345:0425:2CA1:0000:0000:0567:5673:23b5'],
    ['IPv6 in a URL', 'Visit http://[2001:db8::1]/path', '2001:db8::1'],
    ['IPv6 with zone and prefix', 'fe80::1%eth0/64', 'fe80::1%eth0/64'],
    ['IPv6 prefix', 'Use 2001:db8::/32.', '2001:db8::/32'],
    ['IPv4-mapped', 'Mapped: ::ffff:192.168.1.1', '::ffff:192.168.1.1'],
    ['IPv4-embedded', 'NAT64: 64:ff9b::198.51.100.1', '64:ff9b::198.51.100.1'],
    ['IPv4-mapped before a port', 'connect ECONNREFUSED ::ffff:10.1.2.3:5432', '::ffff:10.1.2.3'],
    ['loopback', 'connecting from ::1', '::1'],
    ['unspecified', 'Use local ipv6 ::', '::'],
    ['out-of-range prefix dropped', '10.0.0.0/123', '10.0.0.0'],
  ])('finds %s', (_why, text, ip) => {
    expect(ips(text)).toEqual([`ip_address:${ip}`])
  })

  it.each([
    ['version keyword', 'Upgraded the SDK to version 1.2.3.4 last week.'],
    ['assembly version', '[assembly: AssemblyVersion("4.0.0.0")]'],
    ['three-part versions', 'Python 3.11.7 and Node 20.11.1'],
    ['version pin', 'pip install torch==2.1.0.1'],
    ['version range', '"engines": ">=1.2.3.4"'],
    ['octet > 255', '300.168.1.1'],
    // Dotted numbers of five or more parts are something else, whatever their first four.
    ['SNMP OID', 'snmpwalk -v2c host 1.3.6.1.4.1.2021.10.1.3.1'],
    ['French phone number in dotted pairs', 'tél. 01.42.68.53.00'],
    ['five-part version', 'build 10.0.19041.1.1'],
    // Product tokens (`Name/version`) in user agents and server banners.
    ['browser version in a user agent', 'Mozilla/5.0 Chrome/124.0.0.0 Safari/537.36'],
    ['product token in parentheses', 'Server: (Edge/18.1.0.4)'],
    ['bootloader version', 'Bootloader 2.0.0.12 and BIOS 1.4.0.2 were flashed'],
    ['kernel version', 'kernel 5.15.0.91 booted'],
    ['three octets', 'my ip: 192.168.0'],
    ['glued to words', 'IP192.168.1.1text'],
    ['IPv6 glued to a word', 'fe80::1text'],
    ['five hex digits', '12345:db8::1'],
    ['bad embedded octet', '2001:db8::256.1.1.1'],
    ['MAC address', 'MAC address aa:bb:cc:dd:ee:ff'],
    ['time', 'Time 12:34:56'],
    ['ratio', 'Ratio 1:2:3:4'],
    ['C++ scope', 'std::cout and MyClass::toString'],
    ['Haskell signature', 'length :: Int'],
    ['file URL', 'file:///path/to/file'],
    ['colon run', ':::'],
  ])('ignores %s', (_why, text) => {
    expect(ips(text)).toEqual([])
  })

  it('keeps the whole mapped address as one finding', () => {
    expect(found('[::ffff:192.168.1.1]:80')).toEqual(['ip_address:::ffff:192.168.1.1'])
  })
})
