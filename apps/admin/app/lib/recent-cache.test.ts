import { describe, expect, it } from 'vitest'
import { recentCache } from './recent-cache'

describe('recentCache', () => {
  const counter = () => {
    let calls = 0
    return {
      compute: async () => ++calls,
      get calls() {
        return calls
      },
    }
  }

  it('reuses the value for the same key within the ttl, and concurrent callers share one run', async () => {
    const cache = recentCache<number>(60_000)
    const c = counter()
    const [a, b] = await Promise.all([cache.get('1,2', 0, c.compute), cache.get('1,2', 10, c.compute)])
    expect([a, b, await cache.get('1,2', 59_999, c.compute)]).toEqual([1, 1, 1])
    expect(c.calls).toBe(1)
  })

  it('recomputes when the key changes, the ttl has passed or the clock went back', async () => {
    const cache = recentCache<number>(60_000)
    const c = counter()
    await cache.get('1', 1_000, c.compute)
    expect(await cache.get('1,2', 1_001, c.compute)).toBe(2)
    expect(await cache.get('1,2', 61_001, c.compute)).toBe(3)
    expect(await cache.get('1,2', 500, c.compute)).toBe(4)
  })

  it('does not keep a failure', async () => {
    const cache = recentCache<number>(60_000)
    await expect(cache.get('k', 0, () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cache.get('k', 1, async () => 7)).toBe(7)
  })

  it('refuses a negative or non-finite ttl', () => {
    expect(() => recentCache(-1)).toThrow(RangeError)
    expect(() => recentCache(Number.NaN)).toThrow(RangeError)
  })
})
