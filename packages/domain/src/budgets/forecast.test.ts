import { describe, expect, it } from 'vitest'
import { forecastMonthEnd } from './forecast'

/** Costs for consecutive days from `from` (YYYY-MM-DD). */
function days(from: string, costs: string[]): Array<{ day: string; cost: string }> {
  const start = Date.parse(`${from}T00:00:00Z`)
  return costs.map((cost, i) => ({ day: new Date(start + i * 86_400_000).toISOString().slice(0, 10), cost }))
}

describe('forecastMonthEnd', () => {
  // June 2026 starts on a Monday and has 30 days: 22 weekdays, 8 weekend days.
  it('weights weekdays and weekends by what the complete days of the month show', () => {
    const week = ['10', '10', '10', '10', '10', '2', '2'] // Mon 1 .. Sun 7: 54
    const forecast = forecastMonthEnd({
      monthStart: '2026-06-01',
      now: new Date('2026-06-08T00:00:00Z'),
      dailyCosts: days('2026-06-01', week),
      limit: '100.00',
    })
    // 8 .. 30 June: 17 weekdays at 10, 6 weekend days at 2.
    expect(forecast).toEqual({
      method: 'weekday-weighted',
      spentSoFar: '54.000000',
      projectedTotal: '236.000000',
      limitReachedOn: '2026-06-12', // 54 + 10 × 5 weekdays (8..12 June) = 104
      willExceed: true,
    })
  })

  it("counts only the part of today still to come, and today's spend so far", () => {
    // Noon on Wednesday 10 June: 9 complete days (7 weekdays at 3, 2 weekend days at 0.5), 1.25 today.
    const costs = days('2026-06-01', ['3', '3', '3', '3', '3', '0.5', '0.5', '3', '3', '1.25'])
    const forecast = forecastMonthEnd({
      monthStart: '2026-06-01',
      now: new Date('2026-06-10T12:00:00Z'),
      dailyCosts: costs,
      limit: '80',
    })
    // 23.25 so far + half of today at 3 + 11..30 June (14 weekdays at 3, 6 weekend days at 0.5).
    expect(forecast.projectedTotal).toBe('69.750000')
    expect(forecast.willExceed).toBe(false)
    expect(forecast.limitReachedOn).toBeNull()
  })

  it('falls back to the plain run-rate with fewer than 3 complete days', () => {
    const forecast = forecastMonthEnd({
      monthStart: '2026-06-01',
      now: new Date('2026-06-02T12:00:00Z'),
      dailyCosts: days('2026-06-01', ['4', '2']),
      limit: '50',
    })
    // 6 in 1.5 days: 4 a day, 120 in 30 days; the cumulative is 4 × k at the end of day k: 52 on 13 June.
    expect(forecast).toEqual({
      method: 'run-rate',
      spentSoFar: '6.000000',
      projectedTotal: '120.000000',
      limitReachedOn: '2026-06-13',
      willExceed: true,
    })
  })

  it('keeps full decimal precision (no binary floats), rounding once at the end', () => {
    // February 2028: 29 days, starts on a Tuesday. Two complete days, 0.1 and 0.2.
    const forecast = forecastMonthEnd({
      monthStart: '2028-02-01',
      now: new Date('2028-02-03T00:00:00Z'),
      dailyCosts: days('2028-02-01', ['0.1', '0.2']),
      limit: null,
    })
    // 0.3 in 2 days → 0.15 a day × 29 = 4.35 exactly (0.1 + 0.2 would not be 0.3 in floats).
    expect(forecast).toEqual({
      method: 'run-rate',
      spentSoFar: '0.300000',
      projectedTotal: '4.350000',
      limitReachedOn: null,
      willExceed: false,
    })
  })

  it('a limit already reached reports the day it was reached', () => {
    const forecast = forecastMonthEnd({
      monthStart: '2026-06-01',
      now: new Date('2026-06-05T06:00:00Z'),
      dailyCosts: days('2026-06-01', ['1', '30', '1', '1']),
      limit: '25',
    })
    expect(forecast.limitReachedOn).toBe('2026-06-02')
    expect(forecast.willExceed).toBe(true)
  })

  it('uses the average of all complete days for a kind of day not seen yet', () => {
    // Monday 1 .. Wednesday 3 June observed (weekdays only) at 2 a day; now Thursday 4 June, 00:00.
    const forecast = forecastMonthEnd({
      monthStart: '2026-06-01',
      now: new Date('2026-06-04T00:00:00Z'),
      dailyCosts: days('2026-06-01', ['1', '2', '3']),
      limit: '60.00',
    })
    expect(forecast.method).toBe('weekday-weighted')
    expect(forecast.projectedTotal).toBe('60.000000')
    expect(forecast.limitReachedOn).toBe('2026-06-30')
  })

  it('a month without spend projects nothing and reaches no limit', () => {
    const forecast = forecastMonthEnd({
      monthStart: '2026-06-01',
      now: new Date('2026-06-01T00:00:00Z'),
      dailyCosts: [],
      limit: '0',
    })
    expect(forecast).toMatchObject({ projectedTotal: '0.000000', willExceed: false, limitReachedOn: null })
  })

  it('rejects input that is not a month it can forecast', () => {
    const base = {
      monthStart: '2026-06-01',
      now: new Date('2026-06-10T00:00:00Z'),
      dailyCosts: [],
      limit: null,
    }
    expect(() => forecastMonthEnd({ ...base, monthStart: '2026-06-02' })).toThrow(/first day/)
    expect(() => forecastMonthEnd({ ...base, monthStart: '2026-02-30' })).toThrow(/YYYY-MM-DD/)
    expect(() => forecastMonthEnd({ ...base, now: new Date('2026-07-01T00:00:00Z') })).toThrow(
      /inside the month/,
    )
    expect(() => forecastMonthEnd({ ...base, dailyCosts: [{ day: '2026-06-11', cost: '1' }] })).toThrow(
      /outside/,
    )
    expect(() => forecastMonthEnd({ ...base, dailyCosts: [{ day: '2026-06-01', cost: '1e3' }] })).toThrow(
      /decimal/,
    )
  })
})
