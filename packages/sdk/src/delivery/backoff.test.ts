import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'

describe('backoffDelay', () => {
  it('doubles per attempt between half and all of the ceiling, capped', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1_000 }
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800, 1_000])
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200, 400, 500])
  })

  it('jitters', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(6, { initialDelayMs: 100 })))
    expect(delays.size).toBeGreaterThan(1)
  })
})
