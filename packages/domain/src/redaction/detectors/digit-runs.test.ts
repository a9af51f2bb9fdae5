import { describe, expect, it } from 'vitest'
import { detectCreditCards } from './credit-card'
import { type DigitRuns, findDigitRuns } from './digit-runs'
import { detectPhones } from './phone'
import { detectSsns } from './ssn'

/** Every maximal digit run, the input the detectors were written against. */
function allDigitRuns(text: string): DigitRuns {
  const starts: number[] = []
  const ends: number[] = []
  for (const m of text.matchAll(/\d+/g)) {
    starts.push(m.index)
    ends.push(m.index + m[0].length)
  }
  return { starts, ends }
}

const detectAll = (text: string, runs: DigitRuns) => [
  ...detectCreditCards(text, runs),
  ...detectSsns(text, runs),
  ...detectPhones(text, runs),
]

describe('findDigitRuns', () => {
  it('returns whole runs of clusters of seven digits or more, and nothing else', () => {
    const text = 'v2.4.1 on 2024-03 15 at 10:30, call (415) 555-0132 or 4111 1111 1111 1111; 12.5%'
    const runs = findDigitRuns(text)
    const values = runs.starts.map((s, k) => text.slice(s, runs.ends[k]))
    expect(values).toEqual(['2024', '03', '15', '415', '555', '0132', '4111', '1111', '1111', '1111'])
  })

  it('skips dates written 2024-03-15, unless after + or (', () => {
    const runsOf = (text: string) => {
      const runs = findDigitRuns(text)
      return runs.starts.map((s, k) => text.slice(s, runs.ends[k]))
    }
    expect(runsOf('on 2024-03-15 at 10:30, x2024-03-15T10:30')).toEqual([])
    expect(runsOf('+2024-03-15')).toEqual(['2024', '03', '15'])
    expect(runsOf('(2024-03-15)')).toEqual(['2024', '03', '15'])
    // Not a date cluster: another group follows, or the groups differ.
    expect(runsOf('2024-03-15-7')).toEqual(['2024', '03', '15', '7'])
    expect(runsOf('2024-03 15')).toEqual(['2024', '03', '15'])
    expect(runsOf('2024.03.15')).toEqual(['2024', '03', '15'])
  })

  // readGroups steps over `) (` between two groups: three characters between digits.
  it.each([
    'Call +44 (20) (7123) 4567 now',
    'tel (415) (555) 0132',
    'tel +33 (1) (42) 68 53 00',
    'phone (11) (96123) 4567',
  ])('keeps the groups of %s in one cluster', (text) => {
    const expected = detectAll(text, allDigitRuns(text))
    expect(expected).toHaveLength(1)
    expect(detectAll(text, findDigitRuns(text))).toEqual(expected)
  })

  // Random text over digits, the separators of numbers and a few other characters: the detectors
  // find the same on the cluster runs as on every run.
  it('gives the card, SSN and phone detectors what every run gives them', () => {
    const alphabet = '0123456789012345678901234567890123456789 -.() +,:/aZ\n'
    let seed = 11
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    let findings = 0
    for (let n = 0; n < 4000; n++) {
      const length = 10 + Math.floor(random() * 60)
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
      const expected = detectAll(text, allDigitRuns(text))
      findings += expected.length
      expect([text, detectAll(text, findDigitRuns(text))]).toEqual([text, expected])
    }
    // The comparison means something only if the random texts hold findings.
    expect(findings).toBeGreaterThan(100)
  })

  // Runs glued to letters, escapes, `+` and dates: what the glued-run and date skips decide on.
  it('gives them the same around digits glued to words, escapes and dates', () => {
    const pieces = [
      '\\n',
      '\\t',
      '\\',
      'a',
      'Z',
      'n',
      '_',
      'é',
      ' ',
      ' ',
      '-',
      '.',
      '+',
      '(',
      ')',
      'tel ',
      '2024-03-15',
      '0012-03-15',
    ]
    let seed = 23
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
    let findings = 0
    for (let n = 0; n < 6000; n++) {
      let text = ''
      while (text.length < 40) {
        text +=
          random() < 0.5
            ? digits(1 + Math.floor(random() * 16))
            : (pieces[Math.floor(random() * pieces.length)] as string)
      }
      const expected = detectAll(text, allDigitRuns(text))
      findings += expected.length
      expect([text, detectAll(text, findDigitRuns(text))]).toEqual([text, expected])
    }
    expect(findings).toBeGreaterThan(100)
  })

  it('skips one run glued to a word, but not one after an escape', () => {
    const runsOf = (text: string) => {
      const runs = findDigitRuns(text)
      return runs.starts.map((s, k) => text.slice(s, runs.ends[k]))
    }
    expect(runsOf('order 1Z999AA10123456784 and 9a038989604e8d')).toEqual([])
    expect(runsOf('id 12345678x')).toEqual([])
    expect(runsOf('line\\n07700900123')).toEqual(['07700900123'])
    expect(runsOf('x4111 1111 1111 1111')).toEqual(['4111', '1111', '1111', '1111'])
    expect(runsOf('call +14155550132')).toEqual(['14155550132'])
  })
})
