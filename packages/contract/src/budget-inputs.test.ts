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

  it("takes the user by the app's own id, never in both forms", () => {
    expect(budgetCheckInput.parse({ user: { externalId: 'usr_42' } })).toEqual({
      user: { externalId: 'usr_42' },
    })
    expect(overrideRequestInput.parse({ user: { externalId: 'usr_42', email: 'ana@example.com' } })).toEqual({
      user: { externalId: 'usr_42', email: 'ana@example.com' },
    })
    for (const schema of [budgetCheckInput, overrideRequestInput]) {
      const result = schema.safeParse({ userId: 3, user: { externalId: 'usr_42' } })
      expect(result.error?.issues.map((i) => i.message)).toEqual([
        "name the user either by userId or by user (the app's own id), not both",
      ])
    }
    expect(overrideRequestInput.safeParse({ estimatedCost: '0.5' }).error?.issues[0]?.message).toMatch(
      /name the user the override is for/,
    )
  })

  it("takes the project by the app's own id, never in both forms", () => {
    expect(budgetCheckInput.parse({ project: { externalId: 'prj_search' } })).toEqual({
      project: { externalId: 'prj_search' },
    })
    for (const schema of [budgetCheckInput, overrideRequestInput]) {
      const result = schema.safeParse({ userId: 3, projectId: 4, project: { externalId: 'prj_search' } })
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['project', "name the project either by projectId or by project (the app's own id), not both"],
      ])
    }
  })
})
