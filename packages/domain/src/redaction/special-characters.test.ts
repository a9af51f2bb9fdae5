import { describe, expect, it } from 'vitest'
import { isAscii, SpecialCharacters } from './special-characters'

const NEEDS_WORK = /[\\%&\u0080-\uffff]/g
function byRegex(text: string, from: number): number {
  NEEDS_WORK.lastIndex = from
  return NEEDS_WORK.test(text) ? NEEDS_WORK.lastIndex - 1 : -1
}

describe('SpecialCharacters', () => {
  it('finds escapes and non-ASCII characters in order', () => {
    const text = 'a\\nb 50% c&amp; é\u200b'
    const specials = new SpecialCharacters(text)
    const found: number[] = []
    for (let at = specials.next(0); at !== -1; at = specials.next(at + 1)) found.push(at)
    expect(found).toEqual([1, 7, 10, 16, 17])
  })

  it('answers what the four-way class regex answers, for growing positions', () => {
    const alphabet = 'ab \\%&é€\u200b😀'
    let seed = 9
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    for (let n = 0; n < 2000; n++) {
      // Sparse specials in plain text, so the searches have stretches to jump over.
      const text = Array.from({ length: Math.floor(random() * 80) }, () =>
        random() < 0.85 ? 'x' : (alphabet[Math.floor(random() * alphabet.length)] as string),
      ).join('')
      const specials = new SpecialCharacters(text)
      for (let from = 0; from <= text.length; from += 1 + Math.floor(random() * 6)) {
        expect([text, from, specials.next(from)]).toEqual([text, from, byRegex(text, from)])
      }
    }
  })

  it('tells ASCII text from text with any code unit of 0x80 or more', () => {
    expect(isAscii('')).toBe(true)
    expect(isAscii('plain \u007f text')).toBe(true)
    for (const c of ['\u0080', 'é', '\u00a0', '€', '\u200b', '\ud83d', '\ude00', '😀', '\uffff']) {
      expect([c, isAscii(`ab${c}cd`)]).toEqual([c, false])
    }
  })
})
