import { describe, expect, it } from 'vitest'
import { budgetCheckInput, overrideIdInput, overrideRequestInput, reservationIdInput } from './budget-inputs'

describe('budget inputs', () => {
  it('lets a check name nothing: the organization budget alone', () => {
    expect(budgetCheckInput.parse(undefined)).toEqual({})
    expect(budgetCheckInput.parse({ userId: 3, estimatedCost: '0.02', forecast: true })).toEqual({
      userId: 3,
      estimatedCost: '0.02',
      forecast: true,
    })
  })

  it('reserves only an estimated cost, for a TTL of 1 s to 1 h', () => {
    expect(
      budgetCheckInput.parse({ reserve: true, estimatedCost: '0.02', reservationTtlSeconds: 60 }),
    ).toEqual({
      reserve: true,
      estimatedCost: '0.02',
      reservationTtlSeconds: 60,
    })
    const noEstimate = budgetCheckInput.safeParse({ reserve: true })
    expect(noEstimate.error?.issues[0]).toMatchObject({
      path: ['estimatedCost'],
      message: expect.stringMatching(/reserve/),
    })
    for (const ttl of [0, 3601, 1.5])
      expect(
        budgetCheckInput.safeParse({ reserve: true, estimatedCost: '1', reservationTtlSeconds: ttl }).success,
      ).toBe(false)
    expect(
      budgetCheckInput.parse({ reserve: true, estimatedCost: '1', reservationTtlSeconds: 3600 }),
    ).toMatchObject({
      reservationTtlSeconds: 3600,
    })
  })

  it('names a reservation by its uuid', () => {
    expect(reservationIdInput.safeParse({ reservationId: 'b1c2' }).success).toBe(false)
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
    expect(reservationIdInput.parse({ reservationId: id })).toEqual({ reservationId: id })
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
