import { describe, expect, it } from 'vitest'
import { secretCandidates } from './aws-secret-candidates'

// The regex the scan stands for, run on the slice as the detector used to.
const SECRET_CANDIDATE = /(?:(?<![A-Za-z0-9/+\\])|(?<=\\[nrt]))[A-Za-z0-9/+]{40}/g
function byRegex(text: string, from: number, to: number): number[] {
  return [...text.slice(from, to).matchAll(SECRET_CANDIDATE)].map((m) => from + m.index)
}

describe('secretCandidates', () => {
  it('starts a candidate after a label, after a JSON escape, at a longer run, not after another escape', () => {
    const secret = 'wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s'
    const text = `key = ${secret}; "\\n${secret}" x${secret}y \\q${secret}`
    // `x…y` is a candidate the detector then rejects for its neighbours; after `\q` none starts.
    expect(secretCandidates(text, 0, text.length)).toEqual([6, 51, 93])
    expect(secretCandidates(text, 0, text.length)).toEqual(byRegex(text, 0, text.length))
  })

  // Long base64 runs broken by the characters that decide where a match may start.
  it('matches the regex on random text and windows', () => {
    const pieces = ['a', 'Z', '9', '/', '+', ' ', '\\', 'n', 't', '=', '-', 'é']
    let seed = 5
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    let matches = 0
    for (let n = 0; n < 3000; n++) {
      // Mostly base64, so runs of 40 and more are common.
      const text = Array.from({ length: 20 + Math.floor(random() * 200) }, () =>
        random() < 0.93 ? 'aZ9/+nt'[Math.floor(random() * 7)] : pieces[Math.floor(random() * pieces.length)],
      ).join('')
      const from = Math.floor(random() * 30)
      const to = Math.max(from, text.length - Math.floor(random() * 30))
      const expected = byRegex(text, from, to)
      matches += expected.length
      expect([text, from, to, secretCandidates(text, from, to)]).toEqual([text, from, to, expected])
    }
    expect(matches).toBeGreaterThan(1000)
  })
})
