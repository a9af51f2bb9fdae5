import { describe, expect, it } from 'vitest'
import { logDetailPath, parseLogAt } from './log-link'

describe('logDetailPath', () => {
  it('carries the call time, from a date or the string a loader serialized it to', () => {
    const at = new Date('2026-04-30T23:59:59.999Z')
    expect(logDetailPath(42, at)).toBe('/logs/42?at=2026-04-30T23%3A59%3A59.999Z')
    expect(logDetailPath(42, '2026-04-30T23:59:59.999Z')).toBe(logDetailPath(42, at))
  })

  it('is the bare id when the time is unreadable', () => {
    expect(logDetailPath(7, 'not a date')).toBe('/logs/7')
  })
})

describe('parseLogAt', () => {
  it('reads what logDetailPath writes', () => {
    const path = logDetailPath(42, new Date('2025-01-31T12:00:00.000Z'))
    const at = new URL(path, 'http://x').searchParams.get('at')
    expect(parseLogAt(at)?.toISOString()).toBe('2025-01-31T12:00:00.000Z')
  })

  it('accepts microseconds and is null for anything else', () => {
    expect(parseLogAt('2025-01-31T12:00:00.123456Z')?.toISOString()).toBe('2025-01-31T12:00:00.123Z')
    for (const value of [
      null,
      '',
      '2025-01-31',
      '2025-13-45T99:00:00Z',
      '1738324800000',
      '2025-01-31T12:00:00+01:00',
    ])
      expect(parseLogAt(value)).toBeNull()
  })
})
