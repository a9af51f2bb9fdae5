import { describe, expect, it } from 'vitest'
import { budgetInputErrors } from './validate-budget-input'

describe('budgetInputErrors', () => {
  it('accepts limits ≥ 0 with two decimals and thresholds 0–100', () => {
    expect(budgetInputErrors({ monthlyLimit: '0', warningThreshold: '0' })).toEqual({})
    expect(budgetInputErrors({ monthlyLimit: '99.50', warningThreshold: '100' })).toEqual({})
    expect(budgetInputErrors({ monthlyLimit: null, warningThreshold: '80' })).toEqual({})
  })

  it('explains what is wrong', () => {
    expect(budgetInputErrors({ monthlyLimit: '-1', warningThreshold: '80' }).monthlyLimit).toMatch(
      /amount in dollars/,
    )
    expect(budgetInputErrors({ monthlyLimit: '1.234', warningThreshold: '80' }).monthlyLimit).toMatch(
      /two decimals/,
    )
    expect(budgetInputErrors({ monthlyLimit: '100000000', warningThreshold: '80' }).monthlyLimit).toMatch(
      /below/,
    )
    expect(budgetInputErrors({ monthlyLimit: '5', warningThreshold: '100.01' }).warningThreshold).toMatch(
      /above 100/,
    )
    expect(budgetInputErrors({ monthlyLimit: '5', warningThreshold: 'abc' }).warningThreshold).toMatch(
      /percentage/,
    )
  })
})
