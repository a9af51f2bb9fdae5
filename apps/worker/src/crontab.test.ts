import type { ParsedCronItem } from 'graphile-worker'
import { describe, expect, it } from 'vitest'
import { buildCronItems, instantOf } from './crontab'
import { resolveTimeZone } from './zone'

const digest = (iso: string) => {
  const d = new Date(iso)
  return {
    min: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    date: d.getUTCDate(),
    month: d.getUTCMonth() + 1,
    dow: d.getUTCDay(),
  }
}

/** The UTC minutes in [from, from + days) at which the task's entry fires. */
function firings(items: ParsedCronItem[], task: string, from: string, days: number): string[] {
  const item = items.find((i) => i.task === task)
  if (!item) throw new Error(`no ${task}`)
  const out: string[] = []
  const start = Date.parse(from)
  for (let t = start; t < start + days * 86_400_000; t += 60_000) {
    const iso = new Date(t).toISOString()
    // instantOf guesses the year from "now": pretend now is the minute being matched.
    const realNow = Date.now
    Date.now = () => t
    try {
      if (item.match(digest(iso))) out.push(iso)
    } finally {
      Date.now = realNow
    }
  }
  return out
}

describe('crontab', () => {
  it('has the four jobs, with backfill on the nightly and monthly ones', () => {
    const items = buildCronItems('UTC')
    expect(items.map((i) => i.task).sort()).toEqual([
      'ai:aggregate-daily',
      'ai:aggregate-monthly',
      'ai:refresh-today',
      'ai:reset-budgets',
    ])
    const byTask = Object.fromEntries(items.map((i) => [i.task, i.options]))
    expect(byTask['ai:aggregate-daily']?.backfillPeriod).toBe(7 * 86_400_000)
    expect(byTask['ai:aggregate-monthly']?.backfillPeriod).toBe(7 * 86_400_000)
    expect(byTask['ai:reset-budgets']?.backfillPeriod).toBe(7 * 86_400_000)
    expect(byTask['ai:refresh-today']).toMatchObject({ backfillPeriod: 0, jobKey: 'ai:refresh-today' })
  })

  it('fires at the UTC times by default', () => {
    const items = buildCronItems('UTC')
    expect(firings(items, 'ai:aggregate-daily', '2025-12-31T00:00:00Z', 2)).toEqual([
      '2025-12-31T01:00:00.000Z',
      '2026-01-01T01:00:00.000Z',
    ])
    expect(firings(items, 'ai:aggregate-monthly', '2025-12-30T00:00:00Z', 4)).toEqual([
      '2026-01-01T02:00:00.000Z',
    ])
    expect(firings(items, 'ai:reset-budgets', '2025-12-30T00:00:00Z', 4)).toEqual([
      '2026-01-01T00:05:00.000Z',
    ])
    expect(firings(items, 'ai:refresh-today', '2026-01-01T00:00:00Z', 1)).toHaveLength(288)
  })

  it('fires at local wall-clock times in TOKENLEDGER_TIMEZONE, across daylight saving', () => {
    const paris = buildCronItems('Europe/Paris')
    // 01:00 local: UTC+1 until the switch to summer time at 01:00Z on 29 March 2026, then UTC+2.
    expect(firings(paris, 'ai:aggregate-daily', '2026-03-28T12:00:00Z', 3)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T23:00:00.000Z',
      '2026-03-30T23:00:00.000Z',
    ])
    const tokyo = buildCronItems('Asia/Tokyo')
    // 1 February 02:00 in Tokyo is 31 January 17:00 UTC.
    expect(firings(tokyo, 'ai:aggregate-monthly', '2026-01-30T00:00:00Z', 3)).toEqual([
      '2026-01-31T17:00:00.000Z',
    ])
    const newYork = buildCronItems('America/New_York')
    expect(firings(newYork, 'ai:reset-budgets', '2026-01-31T00:00:00Z', 3)).toEqual([
      '2026-02-01T05:05:00.000Z',
    ])
  })

  it('rebuilds the year of a UTC digest from the nearest one to now', () => {
    const now = Date.parse('2026-01-01T00:02:00Z')
    expect(instantOf(digest('2025-12-31T23:59:00Z'), now)).toEqual(new Date('2025-12-31T23:59:00Z'))
    expect(instantOf(digest('2026-01-01T00:03:00Z'), now)).toEqual(new Date('2026-01-01T00:03:00Z'))
  })

  it('validates the time zone', () => {
    expect(resolveTimeZone(undefined)).toBe('UTC')
    expect(resolveTimeZone('')).toBe('UTC')
    expect(resolveTimeZone('Europe/Paris')).toBe('Europe/Paris')
    expect(() => resolveTimeZone('Mars/Olympus')).toThrow(/TOKENLEDGER_TIMEZONE/)
  })
})
