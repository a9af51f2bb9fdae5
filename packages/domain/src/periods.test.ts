import { describe, expect, it } from 'vitest'
import {
  addUtcDays,
  addUtcMonths,
  isCalendarDay,
  isSameUtcMonth,
  parseUtcMonth,
  utcDay,
  utcDayBounds,
  utcDaysBetween,
  utcMonthDays,
  utcMonthFirstDay,
  utcMonthLength,
  utcMonthOf,
  utcMonthStart,
  utcWeekStart,
} from './periods'

describe('periods (UTC)', () => {
  it('uses UTC calendar days and months', () => {
    const at = new Date('2026-03-01T00:01:00Z')
    expect(utcDay(at)).toBe('2026-03-01')
    expect(utcMonthStart(at)).toBe('2026-03-01')
    expect(utcMonthStart(new Date('2026-02-28T23:59:59.999Z'))).toBe('2026-02-01')
    expect(isSameUtcMonth(at, new Date('2026-02-28T23:59:59Z'))).toBe(false)
    expect(isSameUtcMonth(at, new Date('2026-03-31T23:59:59Z'))).toBe(true)
  })

  it('accepts real calendar days only', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2026-02-29')).toBe(false)
    expect(isCalendarDay('2026-02-30')).toBe(false)
    expect(isCalendarDay('2026-13-01')).toBe(false)
    expect(isCalendarDay('2026-1-01')).toBe(false)
    expect(isCalendarDay('20260101')).toBe(false)
    expect(isCalendarDay('1969-12-31')).toBe(false)
    expect(isCalendarDay('')).toBe(false)
  })

  it('bounds a day as [00:00Z, next 00:00Z) and steps across year ends', () => {
    expect(utcDayBounds('2025-12-31')).toEqual({
      start: new Date('2025-12-31T00:00:00.000Z'),
      end: new Date('2026-01-01T00:00:00.000Z'),
    })
    expect(() => utcDayBounds('2025-02-30')).toThrow(/not a calendar day/)
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

  it('finds the week (Monday) and the month a day is in', () => {
    expect(utcWeekStart('2026-03-01')).toBe('2026-02-23') // a Sunday
    expect(utcWeekStart('2026-03-02')).toBe('2026-03-02') // a Monday
    expect(utcWeekStart('2026-01-01')).toBe('2025-12-29')
    expect(utcMonthFirstDay('2026-03-17')).toBe('2026-03-01')
    expect(utcMonthLength('2024-02-10')).toBe(29)
    expect(utcMonthLength('2026-02-10')).toBe(28)
    expect(utcMonthLength('2026-12-31')).toBe(31)
  })

  it('does month arithmetic', () => {
    expect(addUtcMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 })
    expect(addUtcMonths({ year: 2025, month: 12 }, 1)).toEqual({ year: 2026, month: 1 })
    expect(utcMonthDays({ year: 2025, month: 12 })).toEqual({ first: '2025-12-01', next: '2026-01-01' })
    expect(utcMonthOf(new Date('2026-01-01T00:00:00.000Z'))).toEqual({ year: 2026, month: 1 })
    expect(utcMonthOf(new Date('2025-12-31T23:59:59.999Z'))).toEqual({ year: 2025, month: 12 })
  })

  it('parses YYYY-MM months and nothing else', () => {
    expect(parseUtcMonth('2026-01')).toEqual({ year: 2026, month: 1 })
    expect(parseUtcMonth('1970-12')).toEqual({ year: 1970, month: 12 })
    for (const bad of ['2026-13', '2026-00', '2026-1', '1969-12', '2026-01-01', '', ' 2026-01'])
      expect(parseUtcMonth(bad)).toBeNull()
  })
})
