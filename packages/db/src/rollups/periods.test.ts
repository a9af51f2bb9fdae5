import { describe, expect, it } from 'vitest'
import {
  addUtcDays,
  addUtcMonths,
  isCalendarDay,
  utcDayBounds,
  utcDaysBetween,
  utcMonthDays,
  utcMonthOf,
} from './periods'

describe('rollup periods (UTC)', () => {
  it('accepts real calendar days only', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2026-02-29')).toBe(false)
    expect(isCalendarDay('2026-02-30')).toBe(false)
    expect(isCalendarDay('2026-13-01')).toBe(false)
    expect(isCalendarDay('2026-1-01')).toBe(false)
    expect(isCalendarDay('20260101')).toBe(false)
    expect(isCalendarDay('')).toBe(false)
  })

  it('bounds a day as [00:00Z, next 00:00Z) and steps across year ends', () => {
    expect(utcDayBounds('2025-12-31')).toEqual({
      start: new Date('2025-12-31T00:00:00.000Z'),
      end: new Date('2026-01-01T00:00:00.000Z'),
    })
    expect(addUtcDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addUtcDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(utcDaysBetween('2025-12-30', '2026-01-02')).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ])
    expect(utcDaysBetween('2026-01-02', '2026-01-01')).toEqual([])
  })

  it('does month arithmetic', () => {
    expect(addUtcMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 })
    expect(addUtcMonths({ year: 2025, month: 12 }, 1)).toEqual({ year: 2026, month: 1 })
    expect(utcMonthDays({ year: 2025, month: 12 })).toEqual({ first: '2025-12-01', next: '2026-01-01' })
    expect(utcMonthOf(new Date('2026-01-01T00:00:00.000Z'))).toEqual({ year: 2026, month: 1 })
    expect(utcMonthOf(new Date('2025-12-31T23:59:59.999Z'))).toEqual({ year: 2025, month: 12 })
  })
})
