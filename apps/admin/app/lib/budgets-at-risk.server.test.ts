import type { BudgetAtRisk } from '@tokenledger/db'
import { describe, expect, it } from 'vitest'
import { toAtRiskRow } from './budgets-at-risk.server'

const base: BudgetAtRisk = {
  id: 7,
  organizationId: 1,
  organizationName: 'Acme',
  userId: null,
  userName: null,
  userEmail: null,
  userExternalId: null,
  projectId: null,
  projectName: null,
  projectExternalId: null,
  apiKeyId: null,
  apiKeyName: null,
  period: 'monthly',
  timeZone: 'UTC',
  limit: '100.00',
  forecast: {
    method: 'run-rate',
    spentSoFar: '60.000000',
    projectedTotal: '130.500000',
    limitReachedOn: '2032-03-25',
    willExceed: true,
  },
}

describe('toAtRiskRow', () => {
  it("names an organization's budget by the organization, forecast only", () => {
    expect(toAtRiskRow(base)).toMatchObject({
      href: '/budgets/7',
      scopeLabel: 'Organization',
      name: 'Acme',
      externalId: null,
      spent: '$60.00',
      limit: '$100.00',
      projected: '$130.50',
      limitReachedOn: '2032-03-25',
      over: false,
    })
  })

  it("names an app's user by its id once, and a member by name with the id beside", () => {
    const app = toAtRiskRow({ ...base, userId: 3, userExternalId: 'usr_9' })
    expect([app.scopeLabel, app.name, app.externalId]).toEqual(['User · Acme', 'usr_9', null])
    const member = toAtRiskRow({ ...base, userId: 3, userName: 'Ada', userExternalId: 'usr_9' })
    expect([member.name, member.externalId]).toEqual(['Ada', 'usr_9'])
  })

  it('names a project with its external id, and a key by its name; marks a budget already over', () => {
    const project = toAtRiskRow({ ...base, projectId: 4, projectName: 'Bids', projectExternalId: 'prj_1' })
    expect([project.scopeLabel, project.name, project.externalId]).toEqual([
      'Project · Acme',
      'Bids',
      'prj_1',
    ])
    const key = toAtRiskRow({
      ...base,
      apiKeyId: 5,
      apiKeyName: 'backend',
      forecast: { ...base.forecast, spentSoFar: '100.000000' },
    })
    expect([key.scopeLabel, key.name, key.over]).toEqual(['API key · Acme', 'backend', true])
  })
})
