import { describe, expect, it } from 'vitest'
import { ApiKeyCache } from './api-key-cache'

describe('ApiKeyCache', () => {
  const identity = { apiKeyId: 1, organizationId: 2 }

  it('remembers a verified key until its time is up', () => {
    const cache = new ApiKeyCache(1_000)
    cache.set('h', identity, 0)
    expect(cache.get('h', 999)).toEqual(identity)
    expect(cache.get('h', 1_000)).toBeUndefined()
    expect(cache.get('other', 0)).toBeUndefined()
  })

  it('stays bounded, forgetting the oldest entry first', () => {
    const cache = new ApiKeyCache(1_000, 2)
    cache.set('a', identity, 0)
    cache.set('b', identity, 0)
    cache.set('c', identity, 0)
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, identity, identity])
  })
})
