import { describe, expect, it } from 'vitest'
import { toUsageLogFilters } from './log-filters.server'
import { readLogQuery } from './log-query'

const filters = (search: string) => toUsageLogFilters(readLogQuery(new URLSearchParams(search)))

describe('toUsageLogFilters', () => {
  it('reads ids, days, category and the yes/no filters', () => {
    expect(
      filters(
        'from=2026-03-01&to=2026-03-31&organization=2&user=5&project=7&document=9&category=summarization&provider=openai&model=gpt-4o&status=failed&overridden=yes&externalId=usr_42&purpose=Weekly%20digest',
      ),
    ).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      organizationId: 2,
      userId: 5,
      projectId: 7,
      documentId: 9,
      externalId: 'usr_42',
      category: 'summarization',
      provider: 'openai',
      model: 'gpt-4o',
      success: false,
      overridden: true,
      purpose: 'Weekly digest',
    })
  })

  it('ignores malformed values instead of failing', () => {
    expect(
      filters(
        'from=2026-02-30&to=yesterday&organization=0&user=-1&project=1e3&document=9999999999999999&category=poetry&status=maybe&overridden=sometimes',
      ),
    ).toEqual({
      from: null,
      to: null,
      organizationId: null,
      userId: null,
      projectId: null,
      documentId: null,
      externalId: null,
      category: null,
      provider: null,
      model: null,
      success: null,
      overridden: null,
      purpose: null,
    })
  })

  it('keeps the external id exactly as typed, apart from surrounding spaces', () => {
    expect(filters('externalId=%20User%2F42%C3%A9%20').externalId).toBe('User/42é')
    expect(filters('externalId=%20%20').externalId).toBeNull()
  })

  it('caps free-text filters', () => {
    const result = filters(
      `provider=${'p'.repeat(150)}&model=${'m'.repeat(250)}&status=success&overridden=no`,
    )
    expect(result.provider).toHaveLength(100)
    expect(result.model).toHaveLength(200)
    expect(filters(`purpose=${'x'.repeat(2500)}`).purpose).toHaveLength(2000)
    expect(result.success).toBe(true)
    expect(result.overridden).toBe(false)
  })
})
