import { describe, expect, it } from 'vitest'
import { ACCOUNT_RULE, retryAfterMs, type ThrottleRule } from './login-throttle'

const rule: ThrottleRule = { freeFailures: 3, windowMs: 3_600_000, baseDelayMs: 1_000, maxDelayMs: 10_000 }
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms)

describe('retryAfterMs', () => {
  it('lets the free failures through', () => {
    expect(retryAfterMs(rule, 0, null, at(0))).toBe(0)
    expect(retryAfterMs(rule, 2, at(0), at(0))).toBe(0)
  })

  it('doubles the wait with each failure past the free ones, from the latest failure, up to the cap', () => {
    expect(retryAfterMs(rule, 3, at(0), at(0))).toBe(1_000)
    expect(retryAfterMs(rule, 4, at(0), at(0))).toBe(2_000)
    expect(retryAfterMs(rule, 5, at(0), at(500))).toBe(3_500)
    expect(retryAfterMs(rule, 8, at(0), at(0))).toBe(10_000)
    expect(retryAfterMs(rule, 10_000, at(0), at(0))).toBe(10_000)
  })

  it('is 0 once the wait has passed', () => {
    expect(retryAfterMs(rule, 3, at(0), at(1_000))).toBe(0)
    expect(retryAfterMs(rule, 4, at(0), at(60_000))).toBe(0)
  })

  it('locks an account after five failures for 30 s', () => {
    expect(retryAfterMs(ACCOUNT_RULE, 4, at(0), at(0))).toBe(0)
    expect(retryAfterMs(ACCOUNT_RULE, 5, at(0), at(0))).toBe(30_000)
  })
})
