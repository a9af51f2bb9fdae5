import { describe, expect, it } from 'vitest'
import { perOwner, TtlCache } from './ttl-cache'

describe('TtlCache', () => {
  it('answers a value until its ttl has passed since it was read, then forgets it', () => {
    let now = 1_000
    const cache = new TtlCache<string, number>(100, () => now)
    cache.set('a', 1)
    cache.set('b', 2, 940)
    now = 1_049
    expect([cache.get('a'), cache.get('b')]).toEqual([1, undefined])
    expect(cache.size).toBe(1)
    now = 1_099
    expect(cache.get('a')).toBe(1)
    now = 1_100
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('starts afresh past its bound, and forgets the keys asked for', () => {
    const cache = new TtlCache<string, number>(1_000, () => 0, 2)
    cache.set('x:1', 1)
    cache.set('y:1', 2)
    cache.set('y:1', 3)
    expect(cache.size).toBe(2)
    cache.set('z:1', 4)
    expect([cache.get('x:1'), cache.get('y:1'), cache.get('z:1')]).toEqual([undefined, undefined, 4])
    cache.set('x:2', 5)
    cache.deleteWhere((key) => key.startsWith('x:'))
    expect([cache.get('x:2'), cache.get('z:1')]).toEqual([undefined, 4])
  })
})

describe('perOwner', () => {
  it('creates one value per owner object and hands the same one back', () => {
    let created = 0
    const of = perOwner<object, { n: number }>(() => ({ n: created++ }))
    const a = {}
    const b = {}
    expect(of(a)).toBe(of(a))
    expect(of(b).n).toBe(1)
    expect(created).toBe(2)
  })
})
