import { describe, expect, it } from 'vitest'
import { isSameUtcMonth, utcDay, utcMonthStart } from './periods'

describe('periods', () => {
  it('uses UTC calendar days and months', () => {
    const at = new Date('2026-03-01T00:01:00Z')
    expect(utcDay(at)).toBe('2026-03-01')
    expect(utcMonthStart(at)).toBe('2026-03-01')
    expect(utcMonthStart(new Date('2026-02-28T23:59:59.999Z'))).toBe('2026-02-01')
    expect(isSameUtcMonth(at, new Date('2026-02-28T23:59:59Z'))).toBe(false)
    expect(isSameUtcMonth(at, new Date('2026-03-31T23:59:59Z'))).toBe(true)
  })
})
