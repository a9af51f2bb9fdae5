import { describe, expect, it } from 'vitest'
import { UsageError } from '../command'
import { createProgress } from '../progress'
import { parseDayRange } from './aggregate-daily'
import { parseMonthOption } from './aggregate-monthly'

const now = new Date('2026-01-01T10:00:00Z')

describe('ai:aggregate-daily arguments', () => {
  it('defaults to yesterday (UTC), across the year end', () => {
    expect(parseDayRange({}, now)).toEqual({ from: '2025-12-31', to: '2025-12-31' })
    expect(parseDayRange({}, new Date('2026-01-01T00:00:00.000Z'))).toEqual({
      from: '2025-12-31',
      to: '2025-12-31',
    })
    expect(parseDayRange({}, new Date('2025-12-31T23:59:59.999Z'))).toEqual({
      from: '2025-12-30',
      to: '2025-12-30',
    })
  })

  it('takes one --date, or a --from/--to range (--to defaults to yesterday), today included', () => {
    expect(parseDayRange({ date: '2024-02-29' }, now)).toEqual({ from: '2024-02-29', to: '2024-02-29' })
    expect(parseDayRange({ date: '2026-01-01' }, now)).toEqual({ from: '2026-01-01', to: '2026-01-01' })
    expect(parseDayRange({ from: '2025-12-01', to: '2025-12-05' }, now)).toEqual({
      from: '2025-12-01',
      to: '2025-12-05',
    })
    expect(parseDayRange({ from: '2025-12-20' }, now)).toEqual({ from: '2025-12-20', to: '2025-12-31' })
    expect(parseDayRange({ from: '2025-12-31', to: '2025-12-31' }, now)).toEqual({
      from: '2025-12-31',
      to: '2025-12-31',
    })
  })

  it.each([
    [{ date: '2026-02-30' }, /--date must be a calendar day written YYYY-MM-DD, got "2026-02-30"/],
    [{ date: '2025-13-01' }, /--date must be a calendar day/],
    [{ date: '1/1/2026' }, /--date must be a calendar day/],
    [{ date: true }, /--date must be a calendar day/],
    [{ from: '2025-12-05', to: '2025-12-01' }, /--from 2025-12-05 is after --to 2025-12-01/],
    [{ from: '2026-01-01' }, /--from 2026-01-01 is after --to 2025-12-31 \(default: yesterday\)/],
    [{ date: '2026-01-02' }, /--date 2026-01-02 is in the future \(today is 2026-01-01 UTC\)/],
    [{ from: '2025-12-01', to: '2026-03-01' }, /--to 2026-03-01 is in the future/],
    [{ date: '2025-12-01', from: '2025-12-01' }, /either --date or --from\/--to, not both/],
    [{ date: '2025-12-01', to: '2025-12-02' }, /either --date or --from\/--to, not both/],
    [{ to: '2025-12-02' }, /--to needs --from/],
  ])('refuses %o', (values, message) => {
    expect(() => parseDayRange(values, now)).toThrow(UsageError)
    expect(() => parseDayRange(values, now)).toThrow(message)
  })
})

describe('ai:aggregate-monthly arguments', () => {
  it('defaults to last month (UTC), across the year end; takes --month up to this month', () => {
    expect(parseMonthOption(undefined, now)).toEqual({ year: 2025, month: 12 })
    expect(parseMonthOption('2025-02', now)).toEqual({ year: 2025, month: 2 })
    expect(parseMonthOption('2026-01', now)).toEqual({ year: 2026, month: 1 })
  })

  it.each([
    ['2026-13', /--month must be a month written YYYY-MM, got "2026-13"/],
    ['2026-1', /--month must be a month written YYYY-MM/],
    ['2025-12-01', /--month must be a month written YYYY-MM/],
    ['2026-02', /--month 2026-02 is in the future \(this month is 2026-01 UTC\)/],
  ])('refuses %s', (value, message) => {
    expect(() => parseMonthOption(value, now)).toThrow(UsageError)
    expect(() => parseMonthOption(value, now)).toThrow(message)
  })
})

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const out: string[] = []
    return { out, stream: { isTTY, columns: 80, write: (t: string) => out.push(t) } }
  }

  it('prints one plain line per step when not on a terminal', () => {
    const { out, stream } = sink(false)
    const progress = createProgress(12, stream)
    progress.step('2026-01-01', '3 rows')
    progress.step('2026-01-02', '4 rows')
    progress.finish()
    expect(out).toEqual(['[ 1/12] 2026-01-01: 3 rows\n', '[ 2/12] 2026-01-02: 4 rows\n'])
  })

  it('redraws one bar on a terminal and ends it with a newline', () => {
    const { out, stream } = sink(true)
    let t = 0
    const progress = createProgress(4, stream, () => t)
    for (const day of ['a', 'b', 'c', 'd']) {
      t += 1000
      progress.step(day, '')
    }
    progress.finish()
    expect(out).toHaveLength(5)
    expect(out.every((line, i) => (i < 4 ? line.startsWith('\r[') : line === '\n'))).toBe(true)
    expect(out[1]).toContain(' 2/4 b eta 2s')
    expect(out[3]).toMatch(/^\r\[#+\] 4\/4 d/)
    expect(out[3]?.endsWith('\u001b[K')).toBe(true)
  })
})
