import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { redact } from './redact'

// Hard negatives from real text (ids, hashes, lock files, images, test code, versions, dates, colors,
// ISBNs, orders, logs, prose): the redactor must leave every line exactly as it is.
const LINES = readFileSync(new URL('./fixtures/negatives.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))

describe('negatives corpus', () => {
  it('has at least 100 lines', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(100)
  })

  it.each(LINES)('leaves %s unchanged', (line) => {
    expect(redact(line)).toEqual({ text: line, summary: {}, redacted: false })
  })
})
