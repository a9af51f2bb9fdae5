import { describe, expect, it } from 'vitest'
import { parseAnomalyFactor, spendAnomaly } from './spend-anomaly'

const fourteen = (cost: string) => Array.from({ length: 14 }, () => cost)

describe('spendAnomaly', () => {
  it('more than factor × the trailing median is an anomaly; exactly factor × is not', () => {
    expect(spendAnomaly({ cost: '30.000000', trailing: fourteen('10'), factor: '3' })).toEqual({
      anomaly: false,
    })
    expect(spendAnomaly({ cost: '30.000001', trailing: fourteen('10'), factor: '3' })).toEqual({
      anomaly: true,
      median: '10.000000',
      ratio: '3.00',
    })
  })

  it('takes the median of 14 days (mean of the middle two), zeros included; one spike moves it little', () => {
    const trailing = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '1000']
    // median = (7 + 8) / 2 = 7.5; 3 × 7.5 = 22.5
    expect(spendAnomaly({ cost: '22.5', trailing, factor: '3' })).toEqual({ anomaly: false })
    expect(spendAnomaly({ cost: '22.51', trailing, factor: '3' })).toMatchObject({
      anomaly: true,
      median: '7.500000',
    })
  })

  it('no baseline (spend on fewer than half the days) is never an anomaly', () => {
    // 8 days without spend out of 14: the median is 0.
    const trailing = [...Array.from({ length: 8 }, () => '0'), ...Array.from({ length: 6 }, () => '5')]
    expect(spendAnomaly({ cost: '1000', trailing, factor: '3' })).toEqual({ anomaly: false })
    // 7 of 14: the median is (0 + 5) / 2.
    expect(spendAnomaly({ cost: '1000', trailing: ['5', ...trailing.slice(1)], factor: '3' })).toMatchObject({
      anomaly: true,
      median: '2.500000',
    })
    expect(spendAnomaly({ cost: '1000', trailing: [], factor: '3' })).toEqual({ anomaly: false })
  })
})

describe('parseAnomalyFactor', () => {
  it('defaults to 3 and refuses what is not a number above 1', () => {
    expect(parseAnomalyFactor(undefined)).toBe('3')
    expect(parseAnomalyFactor(' 2.5 ')).toBe('2.5')
    expect(() => parseAnomalyFactor('1')).toThrow(/above 1/)
    expect(() => parseAnomalyFactor('three')).toThrow(/TOKENLEDGER_ANOMALY_FACTOR/)
  })
})
