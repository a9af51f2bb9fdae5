import { describe, expect, it } from 'vitest'
import {
  alnumCharacterClasses,
  characterClasses,
  distinctCharacters,
  looksLikePlaceholder,
  shannonEntropy,
} from './entropy'

// Straightforward versions to hold the allocation-free ones to.
function referenceEntropy(s: string): number {
  const counts = new Map<number, number>()
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1)
  // Same order of summation: ASCII code units ascending, then the others as they first appear.
  const ascii = [...counts].filter(([c]) => c < 128).sort((a, b) => a[0] - b[0])
  const other = [...counts].filter(([c]) => c >= 128)
  let bits = 0
  for (const [, n] of [...ascii, ...other]) bits -= (n / s.length) * Math.log2(n / s.length)
  return bits
}

describe('entropy helpers', () => {
  let seed = 3
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x80000000
  }
  const alphabets = ['ab', 'abcdef0123', 'ABCxyz789/+=_-', 'aé€😀\n\r\u2028', 'x']
  const samples = Array.from({ length: 3000 }, (_, n) => {
    const alphabet = alphabets[n % alphabets.length] as string
    return Array.from(
      { length: Math.floor(random() * 48) },
      () => alphabet[Math.floor(random() * alphabet.length)],
    ).join('')
  })

  it('computes the Shannon entropy exactly as the plain definition does', () => {
    for (const s of samples) expect([s, shannonEntropy(s)]).toEqual([s, referenceEntropy(s)])
    expect(shannonEntropy('')).toBe(0)
    expect(shannonEntropy('abcd')).toBe(2)
  })

  it('gives the same bits from the per-length table, twice, and past its longest length', () => {
    const long = samples.filter((s) => s.length > 20).map((s) => s.repeat(Math.ceil(300 / s.length)))
    for (const s of [...samples, ...samples, ...long])
      expect([s, shannonEntropy(s)]).toEqual([s, referenceEntropy(s)])
  })

  it('counts distinct code units, calls after calls', () => {
    for (const s of samples) {
      const distinct = new Set(Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))).size
      expect([s, distinctCharacters(s)]).toEqual([s, distinct])
    }
  })

  it('counts character classes as the plain regex tests do, early exit or not', () => {
    const reference = (s: string) =>
      [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(s)).length
    for (const s of [...samples, 'aB3-rest', 'aB3-', 'aB3', 'abcdefgh-Z', 'zzzzzzzzzzzzzzz9'])
      expect([s, characterClasses(s)]).toEqual([s, reference(s)])
    expect(alnumCharacterClasses('aB3 and more')).toBe(3)
    expect(alnumCharacterClasses('aaaaaaaaaaaaaaaaaaaaaa--B')).toBe(2)
  })

  it('counts the classes of the letters and digits alone', () => {
    for (const s of samples)
      expect([s, alnumCharacterClasses(s)]).toEqual([s, characterClasses(s.replace(/[^A-Za-z0-9]/g, ''))])
    expect(alnumCharacterClasses('ab-12')).toBe(2)
    expect(alnumCharacterClasses('--__')).toBe(0)
  })

  it('calls a run of six identical characters a placeholder, except line terminators', () => {
    for (const s of samples) {
      const reference = /(.)\1{5}/.test(s) || looksLikePlaceholderWithoutRuns(s)
      expect([s, looksLikePlaceholder(s)]).toEqual([s, reference])
    }
    expect(looksLikePlaceholder('Ab3dEf7hIjKlMn9pQrSt')).toBe(false)
    expect(looksLikePlaceholder('Ab3dEf7hIjKlMMMMMMSt')).toBe(true)
    expect(looksLikePlaceholder('Ab3dEf7hIjKl\n\n\n\n\n\nQrSt')).toBe(false)
  })

  it('finds a run of six at any offset, and no shorter run', () => {
    const base = 'Ab3dEf7hIjKlMn9pQrStUv2xYz'
    for (const length of [5, 6, 7, 11])
      for (let at = 0; at + length <= base.length; at++)
        for (const c of ['Q', 'b', '\n']) {
          const s = base.slice(0, at) + c.repeat(length) + base.slice(at + length)
          const reference = /(.)\1{5}/.test(s) || looksLikePlaceholderWithoutRuns(s)
          expect([s, looksLikePlaceholder(s)]).toEqual([s, reference])
        }
  })

  it('finds the placeholder words in any case, as lower-casing the value does', () => {
    const words = ['Example', 'PLACEHOLDER', 'yOuR', 'ChangeMe', 'CHANGE_ME', 'Dummy', 'fAkE', 'Sample']
    const more = ['REDACTED', 'Replace', 'iNsErT', 'XxXx', '****', '....', 'FA\u212aE']
    for (const word of [...words, ...more]) {
      const value = `Q7w${word}9ZrT4m`
      expect([value, looksLikePlaceholder(value)]).toEqual([value, looksLikePlaceholderWithoutRuns(value)])
      expect(looksLikePlaceholder(value)).toBe(true)
    }
    // Near misses: a letter apart, or dots and stars fewer than four.
    for (const value of ['Q7wExampIe9ZrT4m', 'Q7wYoUx9ZrT4mPq', 'Q7w..*.9ZrT4mPq', 'Q7wFA\u212a9ZrT4mPq'])
      expect([value, looksLikePlaceholder(value)]).toEqual([value, false])
  })
})

function looksLikePlaceholderWithoutRuns(s: string): boolean {
  const lower = s.toLowerCase()
  const words = ['example', 'placeholder', 'your', 'changeme', 'change_me', 'dummy', 'fake', 'sample']
  const more = ['redacted', 'replace', 'insert', 'xxxx', '****', '....']
  if ([...words, ...more].some((w) => lower.includes(w))) return true
  const units = new Set(Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)))
  return units.size < Math.min(10, Math.ceil(s.length / 3))
}
