import { describe, expect, it } from 'vitest'
import { labelEndsLine } from './label-ends-line'

const LABEL_ENDS_LINE = /^[\w. -]*["']?\s*(?:[:=]|=>|:=)?\s*["'|>]?\s*$/

describe('labelEndsLine', () => {
  it.each([
    ['_secret_access_key:', true],
    ['Key" =>', true],
    ['"SecretAccessKey" =>', false],
    ['_SECRET: |', true],
    ['_secret_access_key := "', true],
    ['_access_key_id = AKIAVDUOY4BH5TM4MRGK', false],
    ['_secret = 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', false],
    ['', true],
  ])('%j → %s', (rest, expected) => {
    expect(labelEndsLine(rest)).toBe(expected)
    expect(LABEL_ENDS_LINE.test(rest)).toBe(expected)
  })

  it('answers what the regex answers on random lines', () => {
    const alphabet = [
      'a',
      'Z',
      '_',
      '.',
      '-',
      ' ',
      ' ',
      '\t',
      '\u00a0',
      '"',
      "'",
      ':',
      '=',
      '>',
      '|',
      '/',
      'é',
      '\r',
    ]
    let seed = 17
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    let accepted = 0
    for (let n = 0; n < 20000; n++) {
      const rest = Array.from({ length: Math.floor(random() * 12) }, () =>
        random() < 0.5 ? 'a' : (alphabet[Math.floor(random() * alphabet.length)] as string),
      ).join('')
      const expected = LABEL_ENDS_LINE.test(rest)
      if (expected) accepted++
      expect([rest, labelEndsLine(rest)]).toEqual([rest, expected])
    }
    expect(accepted).toBeGreaterThan(1000)
  })
})
