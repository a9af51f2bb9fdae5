import { describe, expect, it } from 'vitest'
import { thresholdsReached } from './thresholds-reached'

const counter = (usage: string, limit: string | null = '10.00', threshold = '80.00', isActive = true) => ({
  currentMonthUsage: usage,
  monthlyLimit: limit,
  warningThreshold: threshold,
  isActive,
})

describe('thresholdsReached', () => {
  it('the warning at threshold % of the limit, the limit at 100 %, exactly at the boundary', () => {
    expect(thresholdsReached(counter('7.999999'))).toEqual([])
    expect(thresholdsReached(counter('8.000000'))).toEqual(['warning'])
    expect(thresholdsReached(counter('9.999999'))).toEqual(['warning'])
    expect(thresholdsReached(counter('10.000000'))).toEqual(['warning', 'exceeded'])
    expect(thresholdsReached(counter('0.333334', '1.00', '33.33'))).toEqual(['warning'])
  })

  it('nothing for inactive budgets, budgets without a limit, or no usage', () => {
    expect(thresholdsReached(counter('50', '10.00', '80', false))).toEqual([])
    expect(thresholdsReached(counter('50', null))).toEqual([])
    expect(thresholdsReached(counter('0.000000', '0.00'))).toEqual([])
    expect(thresholdsReached(counter('0.000001', '0.00'))).toEqual(['warning', 'exceeded'])
  })
})
