import { describe, expect, it } from 'vitest'
import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-keys'

describe('api keys', () => {
  it('generates distinct well-formed keys whose hash verifies', () => {
    const a = generateApiKey()
    const b = generateApiKey()
    expect(a.key).toMatch(/^tl_[a-z0-9]{12}_[A-Za-z0-9]{32}$/)
    expect(a.key).not.toBe(b.key)
    expect(apiKeyPrefix(a.key)).toBe(a.prefix)
    expect(a.hash).toBe(hashApiKey(a.key))
    expect(apiKeyMatches(a.key, a.hash)).toBe(true)
    expect(apiKeyMatches(b.key, a.hash)).toBe(false)
  })

  it('rejects malformed keys and hashes', () => {
    expect(apiKeyPrefix('sk-123')).toBeNull()
    expect(apiKeyPrefix(`${generateApiKey().key}x`)).toBeNull()
    expect(apiKeyMatches('tl_x', 'not-hex')).toBe(false)
  })
})
