import { describe, expect, it } from 'vitest'
import { hasFilters, logSearch, readLogQuery } from './log-query'

const read = (search: string) => readLogQuery(new URLSearchParams(search))

describe('readLogQuery', () => {
  it('defaults to newest first with no filters', () => {
    expect(read('')).toEqual({ sort: 'newest' })
  })

  it('keeps set filters trimmed, drops empty ones and unknown parameters', () => {
    expect(read('organization=3&user=&provider=%20openai%20&model=%20&utm=x&cursor=abc')).toEqual({
      sort: 'newest',
      organization: '3',
      provider: 'openai',
      cursor: 'abc',
    })
  })

  it('accepts the known sorts only', () => {
    expect(read('sort=cost_desc').sort).toBe('cost_desc')
    expect(read('sort=oldest').sort).toBe('oldest')
    expect(read('sort=random').sort).toBe('newest')
  })
})

describe('logSearch', () => {
  it('writes filters in a stable order and leaves out the default sort', () => {
    expect(logSearch(read('status=failed&from=2026-03-01&sort=newest'))).toBe(
      '?from=2026-03-01&status=failed',
    )
    expect(logSearch({ sort: 'newest' })).toBe('')
  })

  it('round-trips through readLogQuery', () => {
    const query = read('from=2026-03-01&to=2026-03-31&organization=2&category=summarization&sort=cost_asc')
    expect(read(logSearch(query).slice(1))).toEqual(query)
  })

  it('drops the cursor unless a change sets it or it is kept on purpose', () => {
    const query = read('project=4&cursor=old')
    expect(logSearch(query)).toBe('?project=4')
    expect(logSearch(query, {}, true)).toBe('?project=4&cursor=old')
    expect(logSearch(query, { cursor: 'new' })).toBe('?project=4&cursor=new')
    expect(logSearch(query, { sort: 'oldest', cursor: undefined })).toBe('?project=4&sort=oldest')
  })
})

describe('hasFilters', () => {
  it('counts filters, not the sort or the cursor', () => {
    expect(hasFilters(read('sort=oldest&cursor=x'))).toBe(false)
    expect(hasFilters(read('overridden=yes'))).toBe(true)
  })
})
