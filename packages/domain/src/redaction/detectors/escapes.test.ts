import { describe, expect, it } from 'vitest'
import { followsEscape } from './escapes'

describe('followsEscape', () => {
  it.each([
    ['a\\nb', 3, true],
    ['a\\tb', 3, true],
    ['a\\rb', 3, true],
    ['a\\xb', 3, false],
    ['anb', 2, false],
    ['\\n', 1, false],
  ])('%s at %i', (text, at, expected) => {
    expect(followsEscape(text, at)).toBe(expected)
  })
})
