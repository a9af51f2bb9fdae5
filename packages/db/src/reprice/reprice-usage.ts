import {
  type AppliedPrices,
  addUtcDays,
  isCalendarDay,
  priceCall,
  sumUsd,
  toDecimal,
  trimUsd,
  type Usd,
  utcDay,
} from '@tokenledger/domain'
import { addToBudgetCounters, type CostToCount } from '../budgets/add-to-budget-counters'
import type { Db } from '../knex'
import { rollUpDays } from '../rollups/roll-up-days'
import { loadCustomPrices } from '../usage/load-custom-prices'

export interface RepriceOptions {
  /** First UTC day (YYYY-MM-DD) of the calls to reprice. */
  from: string
  /** Last UTC day, included. */
  to: string
  /** Only this model's calls (as stored). */
  model?: string
  /** Only calls stored without a cost (unknown model at the time). */
  onlyUnpriced?: boolean
  /** Compute and report, write nothing. */
  dryRun?: boolean
  /** Calls per transaction (default 2000). */
  chunkSize?: number
  /** Called after each chunk. */
  onProgress?: (progress: { done: number; total: number; changed: number }) => void
  /**
   * Stops between chunks when aborted (a worker shutting down), throwing the signal's reason: the
   * chunks done are committed and consistent, a later run redoes the rest.
   */
  signal?: AbortSignal
}

export interface RepriceResult {
  /** Calls looked at: in the range and filters, caller-supplied costs excluded. */
  scanned: number
  /** Calls whose cost or price source changed (their stored prices are replaced too). */
  changed: number
  /** Of those, calls that had no cost and now have one. */
  newlyPriced: number
  /** Calls still without a price afterwards. */
  stillUnpriced: number
  /** Sum of the scanned calls' costs before and after, exact. */
  costBefore: Usd
  costAfter: Usd
  /** UTC days whose rollups were rebuilt (would be, in a dry run). */
  days: string[]
  dryRun: boolean
}

interface LogToPrice {
  id: number
  organization_id: number
  user_id: number | null
  provider: string
  model: string
  prompt_tokens: number
  completion_tokens: number
  cached_tokens: number
  cache_write_tokens: number
  cache_write_1h_tokens: number
  reasoning_tokens: number
  web_search_requests: number
  cost: string | null
  cost_source: string | null
  created_at: Date
  /** created_at to the microsecond, as SQL text: a Date keeps milliseconds only. */
  created_at_key: string
}

// The exact `created_at` of a row, for keyset cursors and for finding the row in its partition.
const CREATED_AT_KEY = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at_key`

/** The calls a reprice with these options looks at; shared with the count the admin shows. */
export function repriceScope(
  query: ReturnType<Db>,
  options: Pick<RepriceOptions, 'from' | 'to' | 'model' | 'onlyUnpriced'>,
): ReturnType<Db> {
  query
    .where('created_at', '>=', `${options.from}T00:00:00Z`)
    .where('created_at', '<', `${addUtcDays(options.to, 1)}T00:00:00Z`)
    .where((q) => q.whereNull('cost_source').orWhereNot('cost_source', 'caller'))
  if (options.model !== undefined) query.where('model', options.model)
  if (options.onlyUnpriced) query.whereNull('cost')
  return query
}

/** How many calls a reprice with these options would look at (e.g. "reprice the 1,234 calls since …"). */
export async function countCallsToReprice(
  db: Db,
  options: Pick<RepriceOptions, 'from' | 'to' | 'model' | 'onlyUnpriced'>,
): Promise<number> {
  const row = (await repriceScope(db('ai_usage_logs'), options).first(db.raw('count(*)::int as total'))) as {
    total: number
  }
  return row.total
}

/**
 * Recomputes stored costs from the prices effective at each call's time (custom prices first,
 * then the catalog as it is now), e.g. after a custom price was added or the catalog learned a
 * model. Caller-supplied costs (cost_source 'caller') are never touched. Walks the range in
 * (created_at, id) order, one transaction per chunk: the chunk's logs, the rollups of the days
 * they fall on (and their months), and the budget counters of the current month move together,
 * so a reader never sees a log without its rollup, nor a counter off by a half-done chunk.
 * Counters follow the rule of logging (`addToBudgetCounters`): a change to a closed month's call
 * leaves the counter alone.
 */
export async function repriceUsage(db: Db, options: RepriceOptions): Promise<RepriceResult> {
  const { from, to } = options
  if (!isCalendarDay(from))
    throw new RangeError(`from must be a calendar day written YYYY-MM-DD, got "${from}"`)
  if (!isCalendarDay(to)) throw new RangeError(`to must be a calendar day written YYYY-MM-DD, got "${to}"`)
  if (from > to) throw new RangeError(`from ${from} is after to ${to}`)
  const chunkSize = options.chunkSize ?? 2000
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new RangeError('chunkSize must be a positive integer')
  const dryRun = options.dryRun ?? false

  const scope = (query: ReturnType<Db>) => repriceScope(query, options)
  const total = await countCallsToReprice(db, options)

  const result: RepriceResult = {
    scanned: 0,
    changed: 0,
    newlyPriced: 0,
    stillUnpriced: 0,
    costBefore: '0',
    costAfter: '0',
    days: [],
    dryRun,
  }
  const before: Usd[] = []
  const after: Usd[] = []
  const days = new Set<string>()
  let cursor: { createdAtKey: string; id: number } | null = null

  for (;;) {
    options.signal?.throwIfAborted()
    const chunk = async (trx: Db): Promise<LogToPrice[]> => {
      const query = scope(trx('ai_usage_logs'))
      if (cursor) query.whereRaw('(created_at, id) > (?::timestamptz, ?)', [cursor.createdAtKey, cursor.id])
      const rows: LogToPrice[] = await query
        .orderBy([{ column: 'created_at' }, { column: 'id' }])
        .limit(chunkSize)
        .select(
          'id',
          'organization_id',
          'user_id',
          'provider',
          'model',
          'prompt_tokens',
          'completion_tokens',
          'cached_tokens',
          'cache_write_tokens',
          'cache_write_1h_tokens',
          'reasoning_tokens',
          'web_search_requests',
          'cost',
          'cost_source',
          'created_at',
          trx.raw(CREATED_AT_KEY),
        )
        .modify((q) => {
          if (!dryRun) q.forUpdate()
        })
      if (!rows.length) return rows
      const customPrices = await loadCustomPrices(trx, rows)
      const updates: Array<{
        id: number
        created_at: string
        cost: Usd | null
        cost_source: string | null
        prices: AppliedPrices | null
      }> = []
      const deltas = new Map<number, CostToCount[]>()
      const chunkDays = new Set<string>()
      for (const row of rows) {
        const priced = priceCall({
          provider: row.provider,
          model: row.model,
          usage: {
            promptTokens: row.prompt_tokens,
            completionTokens: row.completion_tokens,
            cachedTokens: row.cached_tokens,
            cacheWriteTokens: row.cache_write_tokens,
            cacheWrite1hTokens: row.cache_write_1h_tokens,
            reasoningTokens: row.reasoning_tokens,
            webSearchRequests: row.web_search_requests,
          },
          at: row.created_at,
          customPrices,
        })
        const oldCost = trimUsd(row.cost)
        before.push(oldCost ?? '0')
        after.push(priced.cost ?? '0')
        if (priced.cost == null) result.stillUnpriced++
        const sameCost =
          oldCost === priced.cost ||
          (oldCost != null && priced.cost != null && toDecimal(oldCost).eq(priced.cost))
        // Only a different cost or price source is a change: prices stored by an older version
        // (fewer keys) with the same cost are left as they are.
        if (sameCost && row.cost_source === priced.source) continue
        result.changed++
        if (oldCost == null && priced.cost != null) result.newlyPriced++
        updates.push({
          id: row.id,
          created_at: row.created_at_key,
          cost: priced.cost,
          cost_source: priced.source,
          prices: priced.prices,
        })
        chunkDays.add(utcDay(row.created_at))
        if (!sameCost) {
          const delta = toDecimal(priced.cost ?? '0').minus(oldCost ?? '0')
          const list = deltas.get(row.organization_id) ?? []
          list.push({ userId: row.user_id, cost: delta.toFixed(), createdAt: row.created_at })
          deltas.set(row.organization_id, list)
        }
      }
      if (!dryRun && updates.length) {
        // Each row by its whole primary key (id, created_at), and the chunk's time span as
        // constants: the update then plans only the months the chunk spans, not every partition.
        await trx.raw(
          `update ai_usage_logs l
           set cost = u.cost, cost_source = u.cost_source, prices = u.prices
           from jsonb_to_recordset(?::jsonb)
             as u(id bigint, created_at timestamptz, cost numeric, cost_source text, prices jsonb)
           where l.id = u.id and l.created_at = u.created_at
             and l.created_at >= ?::timestamptz and l.created_at <= ?::timestamptz`,
          [
            JSON.stringify(updates),
            (rows[0] as LogToPrice).created_at_key,
            (rows[rows.length - 1] as LogToPrice).created_at_key,
          ],
        )
        for (const [organizationId, costs] of deltas) await addToBudgetCounters(trx, organizationId, costs)
        await rollUpDays(trx, [...chunkDays].sort())
      }
      for (const day of chunkDays) days.add(day)
      return rows
    }
    const rows = dryRun ? await chunk(db) : await db.transaction(chunk)
    if (!rows.length) break
    result.scanned += rows.length
    const last = rows[rows.length - 1] as LogToPrice
    cursor = { createdAtKey: last.created_at_key, id: last.id }
    options.onProgress?.({ done: result.scanned, total, changed: result.changed })
    if (rows.length < chunkSize) break
  }
  result.costBefore = sumUsd(before)
  result.costAfter = sumUsd(after)
  result.days = [...days].sort()
  return result
}
