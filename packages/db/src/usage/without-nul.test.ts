import { describe, expect, it } from 'vitest'
import { withoutNul } from './without-nul'

describe('withoutNul', () => {
  it('replaces NUL in strings, nested values and keys, leaving everything else as it is', () => {
    const at = new Date(0)
    expect(withoutNul({ a: 'x\0y', 'k\0': [1, 'z\0', null, { d: at }], n: 5 })).toEqual({
      a: 'x\uFFFDy',
      'k\uFFFD': [1, 'z\uFFFD', null, { d: at }],
      n: 5,
    })
    expect(withoutNul('plain')).toBe('plain')
  })
})
