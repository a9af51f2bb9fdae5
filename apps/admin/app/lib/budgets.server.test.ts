import { DEFAULT_WARNING_THRESHOLD } from '@tokenledger/domain'
import { describe, expect, it } from 'vitest'
import {
  configuredBudgetTimeZone,
  newBudgetValues,
  readBudgetFields,
  readBudgetListQuery,
  toBudgetRow,
} from './budgets.server'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.set(k, v)
  return data
}

describe('readBudgetFields', () => {
  it('reads a limit written like money and a threshold written like a percentage', () => {
    expect(
      readBudgetFields(
        form({ monthlyLimit: ' $1,250.50 ', warningThreshold: '75%', allowOverride: 'on', isActive: 'on' }),
      ),
    ).toEqual({
      monthlyLimit: '1250.50',
      warningThreshold: '75',
      allowOverride: true,
      isActive: true,
      raw: { monthlyLimit: '1250.50', warningThreshold: '75' },
    })
  })

  it('treats an empty limit as no limit, an empty threshold as 80 and unchecked boxes as off', () => {
    expect(readBudgetFields(form({ monthlyLimit: '', warningThreshold: ' ' }))).toEqual({
      monthlyLimit: null,
      warningThreshold: '80',
      allowOverride: false,
      isActive: false,
      raw: { monthlyLimit: '', warningThreshold: '' },
    })
  })

  it('passes what it cannot read on for validation instead of guessing', () => {
    expect(readBudgetFields(form({ monthlyLimit: 'lots', warningThreshold: 'high' }))).toMatchObject({
      monthlyLimit: 'lots',
      warningThreshold: 'high',
    })
  })
})

const BUDGET = {
  id: 7,
  organizationId: 1,
  organizationName: 'Acme',
  userId: null,
  userName: null,
  userEmail: null,
  userExternalId: null,
  projectName: null,
  apiKeyName: null,
  monthlyLimit: '100.00',
  warningThreshold: '80.00',
  currentMonthUsage: '12.345678',
  currentPeriodStart: '2026-03-01',
  isActive: true,
  allowOverride: true,
  state: 'ok',
  usage: '12.345678',
  percent: 12.35,
} as const

describe('toBudgetRow', () => {
  it('formats usage and limit as dollars and the threshold as a number', () => {
    const budget = BUDGET
    const row = toBudgetRow(budget)
    expect(row).toMatchObject({ id: 7, limit: '$100.00', threshold: 80, percent: 12.35, state: 'ok' })
    expect(row.usage).toMatch(/^\$12\.3/)
    expect(toBudgetRow({ ...budget, monthlyLimit: null }).limit).toBeNull()
    expect(row).toMatchObject({ scope: 'organization', name: 'Acme', period: 'monthly', timeZone: 'UTC' })
  })

  it('names a project, API key or app-user budget by what it is for', () => {
    const budget = {
      id: 8,
      organizationId: 1,
      organizationName: 'Acme',
      userId: null,
      userName: null,
      userEmail: null,
      userExternalId: null,
      projectName: 'Search',
      apiKeyName: null,
      projectId: 3,
      period: 'weekly',
      timeZone: 'Europe/Berlin',
      monthlyLimit: '10.00',
      warningThreshold: '80.00',
      currentMonthUsage: '1',
      currentPeriodStart: '2026-03-02',
      isActive: true,
      allowOverride: true,
      state: 'ok',
      usage: '1.000000',
      percent: 10,
    } as const
    expect(toBudgetRow(budget)).toMatchObject({
      scope: 'project',
      scopeLabel: 'Project budget',
      name: 'Search',
      period: 'weekly',
      timeZone: 'Europe/Berlin',
    })
    expect(
      toBudgetRow({ ...budget, projectId: null, projectName: null, apiKeyId: 4, apiKeyName: 'ci' }),
    ).toMatchObject({ scope: 'api_key', name: 'ci' })
    expect(
      toBudgetRow({ ...budget, projectId: null, projectName: null, userId: 9, userExternalId: 'usr_9' }),
    ).toMatchObject({ scope: 'user', name: 'usr_9' })
  })
  it("names a user's budget by the display rule, an app's user without a name too", () => {
    const budget = { ...BUDGET, userId: 9 }
    expect(toBudgetRow({ ...budget, userName: 'Ana', userEmail: 'ana@x.test' })).toMatchObject({
      userName: 'Ana',
      userEmail: 'ana@x.test',
      userExternalId: null,
    })
    expect(
      toBudgetRow({ ...budget, userName: null, userEmail: null, userExternalId: 'usr_42' }),
    ).toMatchObject({
      userName: 'usr_42',
      userEmail: null,
      userExternalId: 'usr_42',
    })
    // Named by the email when that is all there is; the email is then not repeated under it.
    expect(toBudgetRow({ ...budget, userName: null, userEmail: 'bo@x.test' })).toMatchObject({
      userName: 'bo@x.test',
      userEmail: null,
    })
  })
})

describe('configuredBudgetTimeZone', () => {
  it('takes TOKENLEDGER_TIMEZONE when it names a zone, else UTC', () => {
    expect(configuredBudgetTimeZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(configuredBudgetTimeZone(undefined)).toBe('UTC')
    expect(configuredBudgetTimeZone('Nowhere/Land')).toBe('UTC')
  })
})

describe('newBudgetValues', () => {
  it('starts a new budget for the chosen organization with no limit and the default threshold', () => {
    expect(newBudgetValues('7')).toEqual({
      organizationId: '7',
      scope: 'organization',
      userId: '',
      userExternalId: '',
      projectId: '',
      apiKeyId: '',
      period: 'monthly',
      timeZone: 'UTC',
      monthlyLimit: '',
      warningThreshold: DEFAULT_WARNING_THRESHOLD,
      allowOverride: true,
      isActive: true,
    })
    expect(DEFAULT_WARNING_THRESHOLD).toBe('80')
  })
})

describe('readBudgetListQuery', () => {
  const read = (search: string) => readBudgetListQuery(new URLSearchParams(search))
  it('reads the organization, kind and page', () => {
    expect(read('org=12&scope=api_key&page=3')).toEqual({ organizationId: 12, scope: 'api_key', page: 3 })
  })
  it('reads anything else as no filter and the first page', () => {
    expect(read('')).toEqual({ organizationId: undefined, scope: undefined, page: 1 })
    expect(read('org=abc&scope=team&page=-2')).toEqual({
      organizationId: undefined,
      scope: undefined,
      page: 1,
    })
    expect(read('org=0&page=1.5')).toEqual({ organizationId: undefined, scope: undefined, page: 1 })
  })
})
