import { describe, expect, it } from 'vitest'
import { planDaily, planMonthly, planReset, referenceTime } from './targets'

const at = (iso: string) => new Date(iso)

describe('job targets', () => {
  it('daily: yesterday (UTC), or the payload date; a bad date is an error, not a retry', () => {
    expect(planDaily({}, at('2026-01-01T01:00:00Z'), 'UTC')).toEqual({
      target: '2025-12-31',
      notBefore: null,
    })
    expect(planDaily({ date: '2024-02-29' }, at('2026-01-01T01:00:00Z'), 'UTC')).toEqual({
      target: '2024-02-29',
      notBefore: null,
    })
    expect(planDaily({ date: '2026-02-30' }, at('2026-03-01T01:00:00Z'), 'UTC')).toHaveProperty('error')
    expect(planDaily({ date: 20260101 }, at('2026-03-01T01:00:00Z'), 'UTC')).toHaveProperty('error')
  })

  it('a backfilled run works on the day of its own cron slot, not the day it finally runs', () => {
    const payload = { _cron: { ts: '2026-03-05T01:00:00.000Z' } }
    expect(referenceTime(payload, at('2026-03-09T08:00:00Z'))).toEqual(at('2026-03-05T01:00:00.000Z'))
    expect(planDaily(payload, at('2026-03-09T08:00:00Z'), 'UTC')).toEqual({
      target: '2026-03-04',
      notBefore: null,
    })
  })

  it('monthly: last month (across the year end), or the payload month', () => {
    expect(planMonthly({}, at('2026-01-01T02:00:00Z'), 'UTC')).toEqual({
      target: { year: 2025, month: 12 },
      notBefore: null,
    })
    expect(planMonthly({ month: '2025-06' }, at('2026-01-01T02:00:00Z'), 'UTC')).toEqual({
      target: { year: 2025, month: 6 },
      notBefore: null,
    })
    expect(planMonthly({ month: '2025-13' }, at('2026-01-01T02:00:00Z'), 'UTC')).toHaveProperty('error')
  })

  it('a zone west of UTC: the UTC period is already over when the local time comes', () => {
    // 01:00 in New York on 2 January = 06:00 UTC.
    expect(planDaily({}, at('2026-01-02T06:00:00Z'), 'America/New_York')).toEqual({
      target: '2026-01-01',
      notBefore: null,
    })
    expect(planMonthly({}, at('2026-02-01T07:00:00Z'), 'America/New_York')).toEqual({
      target: { year: 2026, month: 1 },
      notBefore: null,
    })
  })

  it('a zone east of UTC: the run is deferred until the UTC period has ended', () => {
    // 01:00 in Tokyo on 2 January = 16:00 UTC on 1 January: "yesterday" there is 1 January,
    // which in UTC runs until 2 January 00:00Z.
    expect(planDaily({}, at('2026-01-01T16:00:00Z'), 'Asia/Tokyo')).toEqual({
      target: '2026-01-01',
      notBefore: at('2026-01-02T01:00:00Z'),
    })
    // 02:00 in Tokyo on 1 February = 17:00 UTC on 31 January.
    expect(planMonthly({}, at('2026-01-31T17:00:00Z'), 'Asia/Tokyo')).toEqual({
      target: { year: 2026, month: 1 },
      notBefore: at('2026-02-01T02:00:00Z'),
    })
    // 00:05 in Tokyo on 1 February = 15:05 UTC on 31 January: February has not started in UTC.
    expect(planReset({}, at('2026-01-31T15:05:00Z'), 'Asia/Tokyo')).toEqual({
      target: { year: 2026, month: 2 },
      notBefore: at('2026-02-01T00:05:00Z'),
    })
    // The deferred run (no cron slot, now past the deadline) goes ahead.
    expect(planReset({ period: '2026-02' } as object, at('2026-02-01T00:05:00Z'), 'Asia/Tokyo')).toEqual({
      target: { year: 2026, month: 2 },
      notBefore: null,
    })
  })
})

describe('deferred runs', () => {
  it('a Tokyo 01:00 run re-queues itself for after the UTC day, keyed by the day', async () => {
    const { createTaskList } = await import('./tasks')
    const lines: string[] = []
    const now = at('2026-01-01T16:00:00Z')
    const tasks = createTaskList({
      db: {} as never,
      timeZone: 'Asia/Tokyo',
      log: (l) => lines.push(l),
      now: () => now,
    })
    const added: unknown[] = []
    const helpers = {
      job: { id: '1' },
      addJob: async (...args: unknown[]) => added.push(args),
    }
    await tasks['ai:aggregate-daily']?.({ _cron: { ts: now.toISOString() } }, helpers as never)
    expect(added).toEqual([
      [
        'ai:aggregate-daily',
        { date: '2026-01-01' },
        {
          runAt: at('2026-01-02T01:00:00Z'),
          jobKey: 'ai:aggregate-daily:2026-01-01',
        },
      ],
    ])
    expect(lines).toEqual([
      'ai:aggregate-daily: 2026-01-01 has not ended in UTC yet; deferred to 2026-01-02T01:00:00.000Z',
    ])
  })
})
