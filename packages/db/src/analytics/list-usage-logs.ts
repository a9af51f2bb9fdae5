import type { Category, PriceSource, Usd } from '@tokenledger/domain'
import type { Knex } from 'knex'
import type { Db } from '../knex'
import { recentWindows } from '../partitions/recent-windows'
import { applyUsageLogFilters, type UsageLogFilters } from './usage-log-filters'

export const USAGE_LOG_SORTS = ['newest', 'oldest', 'cost_desc', 'cost_asc'] as const
export type UsageLogSort = (typeof USAGE_LOG_SORTS)[number]

export interface UsageLogListItem {
  id: number
  createdAt: Date
  organizationId: number
  organizationName: string
  userId: number | null
  userName: string | null
  userEmail: string | null
  /** The app's own ids (null for Tokenledger's own users and for rows created without one). */
  userExternalId: string | null
  projectId: number | null
  projectName: string | null
  projectExternalId: string | null
  documentId: number | null
  documentName: string | null
  documentExternalId: string | null
  provider: string
  model: string
  category: Category
  purposeDetail: string | null
  promptTokens: number
  completionTokens: number
  totalTokens: number
  /** null: unpriced. */
  cost: Usd | null
  costSource: PriceSource | null
  durationMs: number | null
  success: boolean
  errorMessage: string | null
  budgetOverride: boolean
}

export interface UsageLogPage {
  rows: UsageLogListItem[]
  /** Opaque: pass back as `cursor` for the following rows; null on the last page. */
  nextCursor: string | null
  /** Opaque: pass back as `cursor` for the rows before this page; null on the first page. */
  previousCursor: string | null
}

interface Cursor {
  sort: UsageLogSort
  /** The sort key of the row at the edge, as SQL text (timestamp with microseconds, or numeric). */
  key: string
  id: number
  direction: 'after' | 'before'
}

const SORT_KEYS: Record<
  UsageLogSort,
  { expression: string; text: string; cast: string; descending: boolean }
> = {
  newest: {
    expression: 'l.created_at',
    text: `to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: 'timestamptz',
    descending: true,
  },
  oldest: {
    expression: 'l.created_at',
    text: `to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: 'timestamptz',
    descending: false,
  },
  // Unpriced calls (cost null) sort as the cheapest.
  cost_desc: {
    expression: 'coalesce(l.cost, -1)',
    text: 'coalesce(l.cost, -1)::text',
    cast: 'numeric',
    descending: true,
  },
  cost_asc: {
    expression: 'coalesce(l.cost, -1)',
    text: 'coalesce(l.cost, -1)::text',
    cast: 'numeric',
    descending: false,
  },
}

/**
 * One page of the filtered log list, with keyset pagination (never OFFSET): the newest first by
 * default, walking the `(created_at, id)` index; by cost, the filtered set is sorted (narrow it with
 * a date range on large histories). A cursor from another sort is ignored (first page).
 */
export async function listUsageLogs(
  db: Db,
  input: {
    filters?: UsageLogFilters
    sort?: UsageLogSort
    cursor?: string | null
    limit?: number
    /** Where "recent" is for a newest-first page without a date filter (default: the clock). */
    now?: Date
  },
): Promise<UsageLogPage> {
  const sort = input.sort ?? 'newest'
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 1000)
  const key = SORT_KEYS[sort]
  const cursor = decodeCursor(input.cursor, sort)
  const backwards = cursor?.direction === 'before'
  const descending = key.descending !== backwards
  const order = descending ? 'desc' : 'asc'

  const query = applyUsageLogFilters(db('ai_usage_logs as l'), input.filters ?? {})
    .join('organizations as o', 'o.id', 'l.organization_id')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .leftJoin('documents as d', 'd.id', 'l.document_id')
    .select(
      'l.id',
      'l.created_at',
      'l.organization_id',
      'o.name as organization_name',
      'l.user_id',
      'u.name as user_name',
      'u.email as user_email',
      'u.external_id as user_external_id',
      'l.project_id',
      'p.name as project_name',
      'p.external_id as project_external_id',
      'l.document_id',
      'd.name as document_name',
      'd.external_id as document_external_id',
      'l.provider',
      'l.model',
      'l.category',
      'l.purpose_detail',
      'l.prompt_tokens',
      'l.completion_tokens',
      'l.total_tokens',
      'l.cost',
      'l.cost_source',
      'l.duration_ms',
      'l.success',
      'l.error_message',
      'l.budget_override',
      db.raw(`${key.text} as sort_key`),
    )
    .orderByRaw(`${key.expression} ${order}, l.id ${order}`)
    .limit(limit + 1)
  if (cursor) {
    query.whereRaw(`(${key.expression}, l.id) ${descending ? '<' : '>'} (?::${key.cast}, ?)`, [
      cursor.key,
      cursor.id,
    ])
  }
  const fetched = await fetchWithinRecentMonths(query, {
    filters: input.filters ?? {},
    cursor,
    sort,
    descending,
    limit,
    now: input.now ?? new Date(),
  })
  const more = fetched.length > limit
  const rows = fetched.slice(0, limit)
  if (backwards) rows.reverse()
  const first = rows[0]
  const last = rows.at(-1)
  const edge = (row: (typeof rows)[number] | undefined, direction: Cursor['direction']) =>
    row ? encodeCursor({ sort, key: row.sort_key, id: row.id, direction }) : null
  return {
    rows: rows.map(toItem),
    nextCursor: backwards ? edge(last, 'after') : more ? edge(last, 'after') : null,
    previousCursor: backwards ? (more ? edge(first, 'before') : null) : cursor ? edge(first, 'before') : null,
  }
}

/**
 * Newest first by time, without a lower bound, the query would plan and open every month of the
 * partitioned logs (0013) to find one page. The page is read in slices instead, newest first: from
 * the start of a recent month (the cursor's month, else the `to` day's, else `now`'s) on, then back
 * to a wider window's start, then everything older. Each slice covers only months the previous ones
 * did not (a rare filter no longer re-reads the newer months), and every row of a slice sorts before
 * every row of the next, so the slices' rows in order are the unbounded query's until the page is
 * full. Other orders run as they are.
 */
async function fetchWithinRecentMonths(
  query: Knex.QueryBuilder,
  page: {
    filters: UsageLogFilters
    cursor: Cursor | null
    sort: UsageLogSort
    descending: boolean
    limit: number
    now: Date
  },
  // biome-ignore lint/suspicious/noExplicitAny: a joined row as knex returns it
): Promise<any[]> {
  const { filters, cursor, sort, descending, limit } = page
  if (SORT_KEYS[sort].expression !== 'l.created_at' || !descending) return query
  const anchor = cursor
    ? new Date(cursor.key)
    : filters.to
      ? new Date(`${filters.to}T23:59:59.999Z`)
      : page.now
  const from = filters.from ? `${filters.from}T00:00:00.000Z` : null
  // biome-ignore lint/suspicious/noExplicitAny: a joined row as knex returns it
  const rows: any[] = []
  let newer: string | null = null
  for (const bound of recentWindows(anchor)) {
    if (from && bound <= from) break
    const slice = query
      .clone()
      .where('l.created_at', '>=', bound)
      .limit(limit + 1 - rows.length)
    if (newer) slice.where('l.created_at', '<', newer)
    rows.push(...(await slice))
    if (rows.length > limit) return rows
    newer = bound
  }
  const rest = query.clone().limit(limit + 1 - rows.length)
  if (newer) rest.where('l.created_at', '<', newer)
  return [...rows, ...(await rest)]
}

/**
 * Every row of the filtered set in the given order, in batches read with keyset pagination, so an
 * export of any size streams with bounded memory and no long-held cursor or transaction.
 */
export async function* iterateUsageLogs(
  db: Db,
  input: { filters?: UsageLogFilters; sort?: UsageLogSort; batchSize?: number },
): AsyncGenerator<UsageLogListItem[]> {
  let cursor: string | null = null
  do {
    const page: UsageLogPage = await listUsageLogs(db, {
      filters: input.filters ?? {},
      sort: input.sort ?? 'newest',
      cursor,
      limit: input.batchSize ?? 1000,
    })
    if (page.rows.length) yield page.rows
    cursor = page.nextCursor
  } while (cursor)
}

// biome-ignore lint/suspicious/noExplicitAny: a joined row as knex returns it
function toItem(row: any): UsageLogListItem {
  return {
    id: row.id,
    createdAt: row.created_at,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    userId: row.user_id,
    userName: row.user_name,
    userEmail: row.user_email,
    userExternalId: row.user_external_id,
    projectId: row.project_id,
    projectName: row.project_name,
    projectExternalId: row.project_external_id,
    documentId: row.document_id,
    documentName: row.document_name,
    documentExternalId: row.document_external_id,
    provider: row.provider,
    model: row.model,
    category: row.category,
    purposeDetail: row.purpose_detail,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    totalTokens: row.total_tokens,
    cost: row.cost,
    costSource: row.cost_source,
    durationMs: row.duration_ms,
    success: row.success,
    errorMessage: row.error_message,
    budgetOverride: row.budget_override,
  }
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id, cursor.direction])).toString(
    'base64url',
  )
}

function decodeCursor(value: string | null | undefined, sort: UsageLogSort): Cursor | null {
  if (!value) return null
  try {
    const [s, key, id, direction] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
    if (s !== sort || typeof key !== 'string' || !Number.isSafeInteger(id)) return null
    if (direction !== 'after' && direction !== 'before') return null
    const valid =
      SORT_KEYS[sort].cast === 'numeric'
        ? /^-?\d{1,20}(\.\d{1,12})?$/.test(key)
        : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(key) && !Number.isNaN(Date.parse(key))
    return valid ? { sort, key, id, direction } : null
  } catch {
    return null
  }
}
