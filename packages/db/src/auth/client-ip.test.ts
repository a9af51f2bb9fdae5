import { describe, expect, it } from 'vitest'
import { clientIp, trustProxyFromEnv } from './client-ip'

describe('clientIp', () => {
  it("is the socket's peer unless the proxy is trusted", () => {
    expect(clientIp('::ffff:10.0.0.5', '203.0.113.7', false)).toBe('10.0.0.5')
    expect(clientIp('::1', undefined, false)).toBe('::1')
    expect(clientIp(undefined, undefined, false)).toBeNull()
  })

  it("behind a trusted proxy, is the last X-Forwarded-For entry (the proxy's own)", () => {
    expect(clientIp('10.0.0.1', '203.0.113.7', true)).toBe('203.0.113.7')
    expect(clientIp('10.0.0.1', '1.2.3.4, 203.0.113.7', true)).toBe('203.0.113.7')
    expect(clientIp('10.0.0.1', ['1.2.3.4', '2001:db8::1'], true)).toBe('2001:db8::1')
    expect(clientIp('10.0.0.1', '203.0.113.7, not-an-ip', true)).toBe('10.0.0.1')
  })
})

describe('trustProxyFromEnv', () => {
  it('is off unless set to a yes', () => {
    expect(trustProxyFromEnv({})).toBe(false)
    expect(trustProxyFromEnv({ TOKENLEDGER_TRUST_PROXY: '0' })).toBe(false)
    expect(trustProxyFromEnv({ TOKENLEDGER_TRUST_PROXY: 'false' })).toBe(false)
    expect(trustProxyFromEnv({ TOKENLEDGER_TRUST_PROXY: '1' })).toBe(true)
    expect(trustProxyFromEnv({ TOKENLEDGER_TRUST_PROXY: 'TRUE' })).toBe(true)
  })
})
