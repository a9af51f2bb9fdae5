import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildFormatsSet, toJsonl } from '../../scripts/formats-set/build'
import { Line, line, v } from '../../scripts/formats-set/line'
import {
  createRng,
  luhnCheckDigit,
  luhnFailingNumber,
  luhnNumber,
  passesLuhn,
} from '../../scripts/formats-set/random'
import { evaluate, parseLabeledExamples } from './evaluation'
import { findSensitive } from './find-sensitive'
import { REDACTION_TYPES } from './types'

// Our own labelled set, generated from the formats' public descriptions (test-data/README.md).
const FORMATS_SET = fileURLToPath(new URL('../../test-data/pii-formats.jsonl', import.meta.url))
const jsonl = readFileSync(FORMATS_SET, 'utf8')
const examples = parseLabeledExamples(jsonl)

describe('formats set (test-data/pii-formats.jsonl)', () => {
  it('has at least 300 lines, at least 30% of them hard negatives', () => {
    expect(examples.length).toBeGreaterThanOrEqual(300)
    const negatives = examples.filter((ex) => ex.spans.length === 0).length
    expect(negatives / examples.length).toBeGreaterThanOrEqual(0.3)
  })

  it('labels every span with a known type, in order, matching its text', () => {
    for (const [i, ex] of examples.entries()) {
      let end = 0
      for (const span of ex.spans) {
        const where = `line ${i + 1} (${ex.note})`
        expect(REDACTION_TYPES, where).toContain(span.type)
        expect(ex.text.slice(span.start, span.end), where).toBe(span.value)
        expect(span.start, where).toBeGreaterThanOrEqual(end)
        end = span.end
      }
    }
  })

  it('is what the generator writes (rerun scripts/make-formats-set.ts after changing it)', () => {
    expect(toJsonl(buildFormatsSet(20261203))).toBe(jsonl)
  })

  // The target for the engine, per type so that one strong type cannot hide a weak one.
  const { perType, mistakes } = evaluate(examples, findSensitive)
  it.each(REDACTION_TYPES)('%s: recall >= 0.99 and precision >= 0.97', (type) => {
    const score = perType[type]
    const wrong = mistakes
      .filter((m) => m.type === type)
      .map((m) => `line ${m.line} ${m.kind}: ${JSON.stringify(m.value.slice(0, 60))} (${m.note})`)
      .join('\n')
    expect(score.gold, 'enough examples to measure').toBeGreaterThanOrEqual(15)
    expect(score.recall, `recall ${type}\n${wrong}`).toBeGreaterThanOrEqual(0.99)
    expect(score.precision, `precision ${type}\n${wrong}`).toBeGreaterThanOrEqual(0.97)
  })
})

describe('formats-set generator', () => {
  it('computes spans after the text is JSON-escaped once or twice', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----'
    const ex = line('test', (put) =>
      JSON.stringify({
        args: JSON.stringify({ pem: put(v('private_key', key), 'json2'), note: 'a "quoted"\tnote' }),
        to: put(['mail ', v('email', 'jane@example.com')], 'json'),
      }),
    )
    const [pem, email] = ex.spans
    expect(pem?.value).toBe(JSON.stringify(JSON.stringify(key).slice(1, -1)).slice(1, -1))
    expect(pem?.value).toContain('\\\\n')
    expect(ex.text.slice(pem?.start, pem?.end)).toBe(pem?.value)
    expect(ex.text.slice(email?.start, email?.end)).toBe('jane@example.com')
    // The whole line still parses back to the original values.
    expect(JSON.parse(JSON.parse(ex.text).args).pem).toBe(key)
  })

  it('refuses a marked value that never reaches the text', () => {
    const l = new Line()
    l.put(v('email', 'jane@example.com'))
    expect(() => l.done('no placeholder here', 'dropped')).toThrow(/never written/)
  })

  it('makes numbers that pass or fail Luhn on purpose', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1')
    expect(passesLuhn('4111111111111111')).toBe(true)
    expect(passesLuhn('4111111111111112')).toBe(false)
    const rng = createRng(7)
    for (let i = 0; i < 50; i++) {
      const valid = luhnNumber(rng, '5', 16)
      expect(valid).toMatch(/^5\d{15}$/)
      expect(passesLuhn(valid)).toBe(true)
      expect(passesLuhn(luhnFailingNumber(rng, '4', 16))).toBe(false)
    }
  })
})
