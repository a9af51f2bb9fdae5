import { describe, expect, it } from 'vitest'
import {
  isTimeZone,
  nextPeriodStart,
  periodBounds,
  periodStart,
  zonedDayOf,
  zonedDayStart,
} from './budget-period'

const at = (iso: string) => new Date(iso)
const iso = (bounds: { start: string; from: Date; to: Date }) => ({
  start: bounds.start,
  from: bounds.from.toISOString(),
  to: bounds.to.toISOString(),
})

describe('periodStart in UTC', () => {
  it('turns over at the month end, the year end and midnight', () => {
    expect(periodStart('monthly', 'UTC', at('2026-01-31T23:59:59.999Z'))).toBe('2026-01-01')
    expect(periodStart('monthly', 'UTC', at('2026-02-01T00:00:00Z'))).toBe('2026-02-01')
    expect(periodStart('monthly', 'UTC', at('2026-12-31T23:59:59Z'))).toBe('2026-12-01')
    expect(periodStart('monthly', 'UTC', at('2027-01-01T00:00:00Z'))).toBe('2027-01-01')
    expect(periodStart('daily', 'UTC', at('2026-12-31T23:59:59Z'))).toBe('2026-12-31')
    expect(periodStart('daily', 'UTC', at('2027-01-01T00:00:00Z'))).toBe('2027-01-01')
  })

  it('starts weeks on Monday, across month and year ends', () => {
    // Thursday 31 December 2026: its week began on Monday the 28th and runs into January.
    expect(periodStart('weekly', 'UTC', at('2026-12-31T12:00:00Z'))).toBe('2026-12-28')
    expect(periodStart('weekly', 'UTC', at('2027-01-03T23:59:59Z'))).toBe('2026-12-28')
    expect(periodStart('weekly', 'UTC', at('2027-01-04T00:00:00Z'))).toBe('2027-01-04')
    // Sunday 1 March 2026 belongs to the week of Monday 23 February.
    expect(periodStart('weekly', 'UTC', at('2026-03-01T10:00:00Z'))).toBe('2026-02-23')
    expect(periodStart('weekly', 'UTC', at('2026-03-02T00:00:00Z'))).toBe('2026-03-02')
  })

  it('gives the instants a period covers', () => {
    expect(iso(periodBounds('monthly', 'UTC', at('2028-02-15T00:00:00Z')))).toEqual({
      start: '2028-02-01',
      from: '2028-02-01T00:00:00.000Z',
      to: '2028-03-01T00:00:00.000Z',
    })
    expect(nextPeriodStart('monthly', '2026-12-01')).toBe('2027-01-01')
    expect(nextPeriodStart('weekly', '2026-12-28')).toBe('2027-01-04')
    expect(nextPeriodStart('daily', '2028-02-28')).toBe('2028-02-29')
  })
})

describe('periodStart in a configured zone (Europe/Berlin)', () => {
  const zone = 'Europe/Berlin'

  it('turns the month and the year over at local midnight, not UTC midnight', () => {
    // 23:30 UTC on 31 December is already 00:30 on 1 January in Berlin (UTC+1 in winter).
    expect(periodStart('monthly', zone, at('2026-12-31T22:59:59Z'))).toBe('2026-12-01')
    expect(periodStart('monthly', zone, at('2026-12-31T23:00:00Z'))).toBe('2027-01-01')
    expect(periodStart('daily', zone, at('2026-12-31T23:30:00Z'))).toBe('2027-01-01')
    expect(periodStart('weekly', zone, at('2027-01-03T23:00:00Z'))).toBe('2027-01-04')
    // 1 May at 00:30 in Berlin (UTC+2 in summer) is still 30 April in UTC.
    expect(periodStart('monthly', zone, at('2026-04-30T22:30:00Z'))).toBe('2026-05-01')
  })

  it('keeps a 23-hour day and its week whole across the change to summer time (29 March 2026)', () => {
    expect(iso(periodBounds('daily', zone, at('2026-03-29T12:00:00Z')))).toEqual({
      start: '2026-03-29',
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    })
    // 02:00 CET jumps to 03:00 CEST: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST, same day.
    expect(periodStart('daily', zone, at('2026-03-29T00:59:59Z'))).toBe('2026-03-29')
    expect(periodStart('daily', zone, at('2026-03-29T01:00:00Z'))).toBe('2026-03-29')
    expect(iso(periodBounds('weekly', zone, at('2026-03-29T21:59:59Z')))).toEqual({
      start: '2026-03-23',
      from: '2026-03-22T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    })
    expect(periodStart('weekly', zone, at('2026-03-29T22:00:00Z'))).toBe('2026-03-30')
    expect(iso(periodBounds('monthly', zone, at('2026-03-15T00:00:00Z')))).toEqual({
      start: '2026-03-01',
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    })
  })

  it('keeps a 25-hour day whole across the change back to winter time (25 October 2026)', () => {
    expect(iso(periodBounds('daily', zone, at('2026-10-25T12:00:00Z')))).toEqual({
      start: '2026-10-25',
      from: '2026-10-24T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
    })
    // 02:30 happens twice: 00:30 UTC (CEST) and 01:30 UTC (CET), both on the 25th.
    expect(periodStart('daily', zone, at('2026-10-25T00:30:00Z'))).toBe('2026-10-25')
    expect(periodStart('daily', zone, at('2026-10-25T01:30:00Z'))).toBe('2026-10-25')
    expect(periodStart('daily', zone, at('2026-10-25T22:59:59Z'))).toBe('2026-10-25')
    expect(periodStart('daily', zone, at('2026-10-25T23:00:00Z'))).toBe('2026-10-26')
    expect(iso(periodBounds('monthly', zone, at('2026-10-31T22:59:00Z')))).toEqual({
      start: '2026-10-01',
      from: '2026-09-30T22:00:00.000Z',
      to: '2026-10-31T23:00:00.000Z',
    })
  })

  it('starts a day at the jump when a DST change skips midnight (America/Santiago, 6 Sept 2026)', () => {
    // Chile springs forward from 00:00 to 01:00 local: the day begins at 01:00 -03 = 04:00 UTC.
    expect(zonedDayStart('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z')
    expect(periodStart('daily', 'America/Santiago', at('2026-09-06T04:00:00Z'))).toBe('2026-09-06')
    expect(periodStart('daily', 'America/Santiago', at('2026-09-06T03:59:59Z'))).toBe('2026-09-05')
  })
})

describe('reading the clock in a zone', () => {
  it('reads UTC without the zone formatter exactly as the formatter reads it (Etc/UTC)', () => {
    // Instants around midnight, month and year ends, before 1970 and with milliseconds.
    const instants = [
      '2026-12-31T23:59:59.999Z',
      '2027-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.500Z',
      '2024-02-29T12:34:56.789Z',
    ].map(at)
    for (let i = 0; i < 200; i++) instants.push(new Date(Date.UTC(2026, 0, 1) + i * 7_919_993_117))
    for (const instant of instants) {
      expect(zonedDayOf(instant, 'UTC')).toBe(zonedDayOf(instant, 'Etc/UTC'))
      expect(zonedDayStart(zonedDayOf(instant, 'UTC'), 'UTC').toISOString()).toBe(
        zonedDayStart(zonedDayOf(instant, 'Etc/UTC'), 'Etc/UTC').toISOString(),
      )
    }
  })

  it('answers each instant for itself when the same zone is asked in turn', () => {
    // 23:30 UTC is already the next day in Berlin; the reading kept for one must not answer another.
    const late = at('2026-06-30T21:30:00Z')
    const early = at('2026-06-30T22:30:00Z')
    expect(zonedDayOf(late, 'Europe/Berlin')).toBe('2026-06-30')
    expect(zonedDayOf(early, 'Europe/Berlin')).toBe('2026-07-01')
    expect(zonedDayOf(early, 'Europe/Berlin')).toBe('2026-07-01')
    expect(zonedDayOf(late, 'Europe/Berlin')).toBe('2026-06-30')
    expect(zonedDayOf(late, 'America/New_York')).toBe('2026-06-30')
  })
})

describe('isTimeZone', () => {
  it('accepts IANA names the runtime knows and nothing else', () => {
    expect(isTimeZone('UTC')).toBe(true)
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
    expect(isTimeZone(undefined)).toBe(false)
  })
})
