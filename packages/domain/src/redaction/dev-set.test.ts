import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { evaluate, parseLabeledExamples } from './evaluation'
import { findSensitive } from './find-sensitive'
import { REDACTION_TYPES } from './types'

// ../shared/data/pii-dev.jsonl relative to the repository root.
const DEV_SET = fileURLToPath(new URL('../../../../../shared/data/pii-dev.jsonl', import.meta.url))

describe.skipIf(!existsSync(DEV_SET))('labeled dev set', () => {
  const examples = existsSync(DEV_SET) ? parseLabeledExamples(readFileSync(DEV_SET, 'utf8')) : []
  const { perType, overall, mistakes } = evaluate(examples, findSensitive)

  it('reaches recall >= 0.99 and precision >= 0.97 overall', () => {
    expect(examples.length).toBeGreaterThan(100)
    expect(overall.gold).toBeGreaterThan(50)
    expect(overall.recall).toBeGreaterThanOrEqual(0.99)
    expect(overall.precision).toBeGreaterThanOrEqual(0.97)
  })

  // Per type as well, so that one strong type cannot hide a weak one.
  it.each(REDACTION_TYPES)('%s: recall >= 0.99 and precision >= 0.97', (type) => {
    const score = perType[type]
    const wrong = mistakes
      .filter((m) => m.type === type)
      .map((m) => `line ${m.line} ${m.kind}: ${JSON.stringify(m.value.slice(0, 60))} (${m.note})`)
      .join('\n')
    expect(score.gold, 'examples of the type').toBeGreaterThan(0)
    expect(score.recall, `recall ${type}\n${wrong}`).toBeGreaterThanOrEqual(0.99)
    expect(score.precision, `precision ${type}\n${wrong}`).toBeGreaterThanOrEqual(0.97)
  })
})

describe('evaluate', () => {
  it('counts overlap with a same-type gold span as a hit and anything else as a mistake', () => {
    const text = 'mail a@b.co or call 415-555-0132'
    const result = evaluate(
      [
        {
          text,
          spans: [
            { type: 'email', start: 5, end: 11 },
            { type: 'phone', start: 20, end: 32 },
          ],
        },
      ],
      () => [
        { type: 'email', start: 5, end: 9 },
        { type: 'ssn', start: 20, end: 32 },
      ],
    )
    expect(result.perType.email).toMatchObject({ truePositives: 1, predicted: 1, goldFound: 1, gold: 1 })
    expect(result.perType.phone).toMatchObject({ goldFound: 0, gold: 1, recall: 0 })
    expect(result.perType.ssn).toMatchObject({ truePositives: 0, predicted: 1, precision: 0 })
    expect(result.overall).toMatchObject({ truePositives: 1, predicted: 2, goldFound: 1, gold: 2 })
    expect(result.mistakes.map((m) => m.kind)).toEqual(['false_positive', 'missed'])
  })
})
