import { describe, expect, it } from 'vitest'
import { forecastPeriodEnd } from './forecast'

/** Costs for consecutive calendar days from `from` (YYYY-MM-DD). */
function days(from: string, costs: string[]): Array<{ day: string; cost: string }> {
  const start = Date.parse(`${from}T00:00:00Z`)
  return costs.map((cost, i) => ({ day: new Date(start + i * 86_400_000).toISOString().slice(0, 10), cost }))
}

// Every expected figure below is worked out by hand in the comment above it.
describe('forecastPeriodEnd', () => {
  it('weights the days of a week once 3 complete days are seen', () => {
    // UTC week of Monday 1 June 2026; now Thursday 00:00. Mon..Wed: 1, 2, 3 (no weekend seen yet,
    // so every remaining day, weekend included, is expected at their average, 2).
    const forecast = forecastPeriodEnd({
      period: 'weekly',
      timeZone: 'UTC',
      periodStart: '2026-06-01',
      now: new Date('2026-06-04T00:00:00Z'),
      dailyCosts: days('2026-06-01', ['1', '2', '3']),
      limit: '11',
    })
    // 6 + 4 days × 2 = 14; cumulative 8 (Thu), 10 (Fri), 12 (Sat) ≥ 11.
    expect(forecast).toEqual({
      method: 'weekday-weighted',
      spentSoFar: '6.000000',
      projectedTotal: '14.000000',
      limitReachedOn: '2026-06-06',
      willExceed: true,
    })
  })

  it('counts a 25-hour DST day by the share of its hours still to come (weighted week)', () => {
    // Europe/Berlin, week of Monday 19 Oct 2026; clocks go back on Sunday 25 Oct at 03:00 CEST,
    // so that Sunday runs from 24 Oct 22:00Z to 25 Oct 23:00Z: 25 hours. Now: Sunday 12:00 CET
    // (11:00Z), 13 hours in, 12 to go. Mon..Fri 10 each, Sat 4, Sunday so far 3.
    const forecast = forecastPeriodEnd({
      period: 'weekly',
      timeZone: 'Europe/Berlin',
      periodStart: '2026-10-19',
      now: new Date('2026-10-25T11:00:00Z'),
      dailyCosts: days('2026-10-19', ['10', '10', '10', '10', '10', '4', '3']),
      limit: '58.9',
    })
    // 57 so far + the weekend rate (4, Saturday) × 12/25 = 57 + 1.92 = 58.92 (a 24-hour day
    // would say 59).
    expect(forecast).toEqual({
      method: 'weekday-weighted',
      spentSoFar: '57.000000',
      projectedTotal: '58.920000',
      limitReachedOn: '2026-10-25',
      willExceed: true,
    })
  })

  it('runs the plain rate over real hours across a 23-hour DST day (run-rate week)', () => {
    // Europe/Berlin, week of Monday 23 Mar 2026; clocks jump forward on Sunday 29 Mar, so the
    // week has 167 hours: 22 Mar 23:00Z .. 29 Mar 22:00Z. Now: Wednesday 12:00 CET (11:00Z),
    // 60 hours in, 2 complete days: too few to weight. 6 spent: 0.1 an hour.
    const input = {
      period: 'weekly' as const,
      timeZone: 'Europe/Berlin',
      periodStart: '2026-03-23',
      now: new Date('2026-03-25T11:00:00Z'),
      dailyCosts: days('2026-03-23', ['2', '2', '2']),
    }
    // 6 + 0.1 × 107 hours = 16.7 (not 16.8: the Sunday has 23 hours).
    expect(forecastPeriodEnd({ ...input, limit: '16.75' })).toEqual({
      method: 'run-rate',
      spentSoFar: '6.000000',
      projectedTotal: '16.700000',
      limitReachedOn: null,
      willExceed: false,
    })
    // End of each day: Wed 7.2, Thu 9.6, Fri 12, Sat 14.4, Sun 16.7.
    expect(forecastPeriodEnd({ ...input, limit: '14.5' }).limitReachedOn).toBe('2026-03-29')
    expect(forecastPeriodEnd({ ...input, limit: '14.4' }).limitReachedOn).toBe('2026-03-28')
  })

  it('projects a daily budget from the elapsed part of its day, in its zone', () => {
    // America/New_York, 10 June 2026 (EDT, UTC−4): the day began at 04:00Z. Now 18:00Z = 14:00:
    // 7 spent in 14 hours, 0.5 an hour, 10 hours left.
    const forecast = forecastPeriodEnd({
      period: 'daily',
      timeZone: 'America/New_York',
      periodStart: '2026-06-10',
      now: new Date('2026-06-10T18:00:00Z'),
      dailyCosts: [{ day: '2026-06-10', cost: '7' }],
      limit: '10',
    })
    expect(forecast).toEqual({
      method: 'run-rate',
      spentSoFar: '7.000000',
      projectedTotal: '12.000000',
      limitReachedOn: '2026-06-10',
      willExceed: true,
    })
  })

  it('gives a daily budget on a 23-hour day only the hours it has', () => {
    // America/New_York, 8 Mar 2026: clocks jump from 02:00 EST to 03:00 EDT; the day runs from
    // 05:00Z to 9 Mar 04:00Z. Now 16:00Z = 12:00 EDT: 11 hours in, 12 to go, 11 spent: 1 an hour.
    const forecast = forecastPeriodEnd({
      period: 'daily',
      timeZone: 'America/New_York',
      periodStart: '2026-03-08',
      now: new Date('2026-03-08T16:00:00Z'),
      dailyCosts: [{ day: '2026-03-08', cost: '11' }],
      limit: null,
    })
    expect(forecast).toMatchObject({ method: 'run-rate', projectedTotal: '23.000000', willExceed: false })
  })

  it('reads a monthly budget in its zone: local days, local month end', () => {
    // Asia/Tokyo (UTC+9, no DST), June 2026 starts on a Monday. Now 4 June 00:00 JST = 3 June
    // 15:00Z. Mon..Wed 1, 2, 3 (local days): weighted, 2 a day for the 27 days left: 6 + 54.
    const forecast = forecastPeriodEnd({
      period: 'monthly',
      timeZone: 'Asia/Tokyo',
      periodStart: '2026-06-01',
      now: new Date('2026-06-03T15:00:00Z'),
      dailyCosts: days('2026-06-01', ['1', '2', '3']),
      limit: '60',
    })
    // Cumulative 6 + 2k at the end of the k-th remaining day: 60 at the 27th, 30 June.
    expect(forecast).toEqual({
      method: 'weekday-weighted',
      spentSoFar: '6.000000',
      projectedTotal: '60.000000',
      limitReachedOn: '2026-06-30',
      willExceed: true,
    })
  })

  it('rejects a period it cannot forecast', () => {
    const base = {
      period: 'weekly' as const,
      timeZone: 'UTC',
      periodStart: '2026-06-01',
      now: new Date('2026-06-03T00:00:00Z'),
      dailyCosts: [],
      limit: null,
    }
    expect(() => forecastPeriodEnd({ ...base, periodStart: '2026-06-02' })).toThrow(/week's first day/)
    expect(() => forecastPeriodEnd({ ...base, now: new Date('2026-06-08T00:00:00Z') })).toThrow(
      /inside the week of 2026-06-01/,
    )
    expect(() => forecastPeriodEnd({ ...base, dailyCosts: [{ day: '2026-05-31', cost: '1' }] })).toThrow(
      /outside/,
    )
    expect(() => forecastPeriodEnd({ ...base, dailyCosts: [{ day: '2026-06-04', cost: '1' }] })).toThrow(
      /outside/,
    )
    expect(() => forecastPeriodEnd({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/time zone/)
    expect(() => forecastPeriodEnd({ ...base, period: 'yearly' as never })).toThrow(/period/)
    // Berlin's day of 2 June began at 1 June 22:00Z: 21:59Z is still the day before.
    expect(() =>
      forecastPeriodEnd({
        ...base,
        period: 'daily',
        timeZone: 'Europe/Berlin',
        periodStart: '2026-06-02',
        now: new Date('2026-06-01T21:59:00Z'),
      }),
    ).toThrow(/inside the day/)
  })
})
