import { describe, expect, it } from 'vitest'
import { recentWindows } from './recent-windows'

describe('recentWindows', () => {
  it("starts at the anchor's month and reaches back across year ends", () => {
    expect(recentWindows(new Date('2027-01-31T23:59:59.999Z'))).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ])
  })

  it('refuses an invalid anchor', () => {
    expect(() => recentWindows(new Date('nope'))).toThrow(/invalid anchor/)
  })
})
