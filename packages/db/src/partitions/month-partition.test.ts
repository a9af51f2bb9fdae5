import { describe, expect, it } from 'vitest'
import { monthPartition, monthsBetween, monthsFrom } from './month-partition'

describe('monthPartition', () => {
  it('names a month and bounds it by the first instants of it and the next, in UTC', () => {
    expect(monthPartition('2026-12')).toEqual({
      month: '2026-12',
      name: 'ai_usage_logs_p202612',
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    })
    expect(monthPartition('2028-02').to).toBe('2028-03-01T00:00:00.000Z')
  })

  it('refuses anything but YYYY-MM, since the name goes into DDL', () => {
    for (const bad of ['2026-13', '2026-1', '2026-00', "2026-01'; drop table x; --", ''])
      expect(() => monthPartition(bad)).toThrow(/not a month/)
  })
})

describe('monthsFrom', () => {
  it('gives the UTC month of now and the months after it, across a year end', () => {
    expect(monthsFrom(new Date('2026-11-30T23:59:59.999Z'), 2)).toEqual(['2026-11', '2026-12', '2027-01'])
    expect(monthsFrom(new Date('2026-12-01T00:00:00.000Z'), 0)).toEqual(['2026-12'])
  })

  it('refuses a negative or fractional count', () => {
    expect(() => monthsFrom(new Date(), -1)).toThrow(/whole number/)
    expect(() => monthsFrom(new Date(), 1.5)).toThrow(/whole number/)
  })
})

describe('monthsBetween', () => {
  it('lists the months a half-open range touches', () => {
    expect(monthsBetween(new Date('2001-06-15T00:00:00Z'), new Date('2001-08-01T00:00:00Z'))).toEqual([
      '2001-06',
      '2001-07',
    ])
    expect(monthsBetween(new Date('2001-12-31T23:00:00Z'), new Date('2002-01-01T00:00:01Z'))).toEqual([
      '2001-12',
      '2002-01',
    ])
  })

  it('refuses an empty or reversed range', () => {
    const t = new Date('2001-01-01T00:00:00Z')
    expect(() => monthsBetween(t, t)).toThrow(/not a range/)
  })
})
