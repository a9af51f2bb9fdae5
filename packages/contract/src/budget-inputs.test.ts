import { describe, expect, it } from 'vitest'
import { budgetCheckInput, overrideIdInput, overrideRequestInput } from './budget-inputs'

describe('budget inputs', () => {
  it('lets a check name nothing: the organization budget alone', () => {
    expect(budgetCheckInput.parse(undefined)).toEqual({})
    expect(budgetCheckInput.parse({ userId: 3, estimatedCost: '0.02', forecast: true })).toEqual({
      userId: 3,
      estimatedCost: '0.02',
      forecast: true,
    })
  })

  it('needs the user an override is for, and refuses a bad estimate', () => {
    expect(overrideRequestInput.safeParse({}).success).toBe(false)
    expect(overrideRequestInput.safeParse({ userId: 3, estimatedCost: '-0.5' }).success).toBe(false)
    expect(overrideRequestInput.parse({ userId: 3 })).toEqual({ userId: 3 })
  })

  it('names an override by its id string', () => {
    expect(overrideIdInput.safeParse({ overrideId: 7 }).success).toBe(false)
    expect(overrideIdInput.parse({ overrideId: 'b1c2' })).toEqual({ overrideId: 'b1c2' })
  })
})
