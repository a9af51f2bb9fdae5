// The log list's URL: every filter, the sort and the page cursor live in the query string, so a
// filtered view can be bookmarked, shared and exported. Safe on both sides (no server imports).

export const LOG_SORTS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'cost_desc', label: 'Highest cost' },
  { value: 'cost_asc', label: 'Lowest cost' },
] as const

export type LogSort = (typeof LOG_SORTS)[number]['value']

/** The filter parameters, as they appear in the URL. */
export const FILTER_PARAMS = [
  'from',
  'to',
  'organization',
  'user',
  'project',
  'document',
  'externalId',
  'category',
  'provider',
  'model',
  'status',
  'overridden',
  'purpose',
] as const

export type LogQuery = Partial<Record<(typeof FILTER_PARAMS)[number], string>> & {
  sort: LogSort
  cursor?: string
}

export function readLogQuery(params: URLSearchParams): LogQuery {
  const query: LogQuery = { sort: 'newest' }
  for (const name of FILTER_PARAMS) {
    const value = params.get(name)?.trim()
    if (value) query[name] = value
  }
  const sort = params.get('sort')
  if (LOG_SORTS.some((s) => s.value === sort)) query.sort = sort as LogSort
  const cursor = params.get('cursor')
  if (cursor) query.cursor = cursor
  return query
}

/** The query string for a view: filters and sort (the default sort is left out), plus changes. */
export function logSearch(query: LogQuery, changes: Partial<LogQuery> = {}, keepCursor = false): string {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  for (const name of FILTER_PARAMS) {
    const value = next[name]
    if (value) params.set(name, value)
  }
  if (next.sort && next.sort !== 'newest') params.set('sort', next.sort)
  if ((keepCursor || 'cursor' in changes) && next.cursor) params.set('cursor', next.cursor)
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function hasFilters(query: LogQuery): boolean {
  return FILTER_PARAMS.some((name) => Boolean(query[name]))
}
