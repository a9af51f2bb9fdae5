import { redact } from '@tokenledger/domain'
import { describe, expect, it } from 'vitest'
import { KINDS, MAX_PLANTED, valuesFor } from './planted-pii'

// The planted-PII tests count a value that was not redacted as a leak: every value they plant
// must be one the engine detects, and distinct, or a leak report would be noise.
describe('valuesFor', () => {
  it('makes distinct values the redaction engine detects, across its whole range', () => {
    const seen = new Set<string>()
    const missed: string[] = []
    for (let n = 0; n < MAX_PLANTED; n += n < 1_000 ? 1 : 37) {
      const values = valuesFor(n)
      for (const kind of KINDS) {
        const value = values[kind]
        expect(seen.has(value), `${kind} ${value} repeats`).toBe(false)
        seen.add(value)
        const { text } = redact(`see ${value} here`)
        if (text.includes(value) || !text.includes('[REDACTED:'))
          missed.push(`${n} ${kind} ${value}: ${text}`)
      }
    }
    expect(missed).toEqual([])
    // Sorted, a value that starts another is followed by one it starts: a false leak in a search.
    const sorted = [...seen].sort()
    const prefixes = sorted.filter((value, i) => sorted[i + 1]?.startsWith(value))
    expect(prefixes).toEqual([])
  })

  it('refuses an n it cannot make valid values for', () => {
    expect(() => valuesFor(MAX_PLANTED)).toThrow(RangeError)
    expect(() => valuesFor(-1)).toThrow(/0\.\.9999/)
  })
})
