import type { Db } from '../knex'

/** A model seen in calls stored without a cost: neither a custom price nor the catalog knew it. */
export interface UnpricedModel {
  provider: string
  model: string
  calls: number
  firstSeen: Date
  lastSeen: Date
  promptTokens: number
  completionTokens: number
}

/**
 * Models with unpriced calls, most calls first. Reads only unpriced rows, through the partial
 * index `ai_usage_logs_unpriced` (0011), so it stays fast however many priced calls there are.
 */
export async function listUnpricedModels(db: Db, options: { limit?: number } = {}): Promise<UnpricedModel[]> {
  const rows = await db('ai_usage_logs')
    .whereNull('cost')
    .groupBy('provider', 'model')
    .select(
      'provider',
      'model',
      db.raw('count(*)::int as calls'),
      db.raw('min(created_at) as first_seen'),
      db.raw('max(created_at) as last_seen'),
      db.raw('sum(prompt_tokens)::bigint as prompt_tokens'),
      db.raw('sum(completion_tokens)::bigint as completion_tokens'),
    )
    .orderBy([{ column: 'calls', order: 'desc' }, { column: 'provider' }, { column: 'model' }])
    .limit(options.limit ?? 200)
  return rows.map((r) => ({
    provider: r.provider,
    model: r.model,
    calls: r.calls,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    promptTokens: Number(r.prompt_tokens),
    completionTokens: Number(r.completion_tokens),
  }))
}

/**
 * Calls stored without a cost in [from, to) (the dashboard's "this month"), and how many models
 * they span; all organizations unless one is named. Through the same partial index, the months
 * outside the range pruned.
 */
export async function countUnpricedCalls(
  db: Db,
  range: { from: Date; to: Date; organizationId?: number },
): Promise<{ calls: number; models: number }> {
  const query = db('ai_usage_logs')
    .whereNull('cost')
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
  if (range.organizationId != null) query.where('organization_id', range.organizationId)
  const row = await query.first(
    db.raw('count(*)::int as calls'),
    db.raw('count(distinct (provider, model))::int as models'),
  )
  return { calls: row?.calls ?? 0, models: row?.models ?? 0 }
}
