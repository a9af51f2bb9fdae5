import { describe, expect, it } from 'vitest'
import { callCost, recordId } from './ids'

describe('recordId', () => {
  it('takes a positive safe integer and refuses the rest', () => {
    expect(recordId.parse(42)).toBe(42)
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, '42']) {
      expect(recordId.safeParse(bad).success).toBe(false)
    }
  })
})

describe('callCost', () => {
  it('takes a non-negative decimal string with at most twelve decimals', () => {
    expect(callCost.parse('0.0125')).toBe('0.0125')
    expect(callCost.parse('0.00000165')).toBe('0.00000165')
    expect(callCost.parse('99999999.999999999999')).toBe('99999999.999999999999')
  })

  it('says why an amount is refused', () => {
    const message = (value: unknown) => callCost.safeParse(value).error?.issues[0]?.message
    expect(message('-1')).toMatch(/non-negative decimal string/)
    expect(message('100000000')).toMatch(/at most 99999999.999999999999/)
    expect(message('1e3')).toMatch(/decimal string/)
    expect(message('0.0000000000001')).toMatch(/decimal string/)
  })
})
