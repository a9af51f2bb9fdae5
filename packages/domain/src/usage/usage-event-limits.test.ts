import { describe, expect, it } from 'vitest'
import { checkJsonShape } from './usage-event-limits'

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf'
  for (let i = 0; i < levels; i++) value = { next: value }
  return value
}

describe('checkJsonShape', () => {
  const limits = { maxDepth: 3, maxChars: 1_000 }

  it('accepts values up to the depth limit, counting the outer object as level 1', () => {
    expect(checkJsonShape(nested(3), limits)).toBeNull()
    expect(checkJsonShape({ a: [1, { b: 'x' }] }, limits)).toBeNull()
    expect(checkJsonShape(nested(4), limits)).toEqual({ kind: 'depth', limit: 3 })
    expect(checkJsonShape({ a: [[[1]]] }, limits)).toEqual({ kind: 'depth', limit: 3 })
  })

  it('refuses 100,000 levels without overflowing the stack', () => {
    expect(checkJsonShape(nested(100_000), { maxDepth: 10, maxChars: 1e9 })).toEqual({
      kind: 'depth',
      limit: 10,
    })
  })

  it('measures the JSON text: exact for plain values, refused as soon as it is over', () => {
    for (const value of [{}, { a: 'bc', d: [1, true, null, 'e'] }, { k: { l: 12.5, m: [] } }, []]) {
      const size = JSON.stringify(value).length
      expect(checkJsonShape(value, { maxDepth: 10, maxChars: size })).toBeNull()
      expect(checkJsonShape(value, { maxDepth: 10, maxChars: size - 1 })).toEqual({
        kind: 'size',
        limit: size - 1,
      })
    }
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 'v'.repeat(100)]))
    expect(checkJsonShape(wide, { maxDepth: 10, maxChars: 65_536 })).toEqual({ kind: 'size', limit: 65_536 })
  })
})
