import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildFormatsSet, toJsonl } from '../../scripts/formats-set/build'
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
