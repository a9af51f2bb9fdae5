import { describe, expect, it } from 'vitest'
import { formatChange, formatDateTime, formatDay, formatDuration, formatInt, formatPercent } from './format'

describe('display helpers', () => {
  it('prints instants and days in UTC', () => {
    expect(formatDateTime('2026-03-18T14:59:59.123Z')).toBe('2026-03-18 14:59:59')
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02 03:04:05')
    expect(formatDay('2026-03-08')).toBe('Mar 8, 2026')
    expect(formatDay('2026-12-31')).toBe('Dec 31, 2026')
  })

  it('prints durations in ms below a second, tenths of seconds below ten', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(12_345)).toBe('12 s')
  })

  it('prints counts, changes and percents with their signs', () => {
    expect(formatInt(1234567)).toBe('1,234,567')
    expect(formatChange(0)).toBe('0%')
    expect(formatChange(12.54)).toBe('+12.5%')
    expect(formatChange(-3)).toBe('−3%')
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(99.96)).toBe('100%')
  })
})
