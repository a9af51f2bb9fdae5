import type { Knex } from 'knex'

/**
 * Exact money: a call's cost keeps twelve decimals (it was rounded to six per call, so tiny calls
 * were stored up to +50 % off and embeddings as 0), and the rollups and budget counters that sum
 * costs keep the same scale, so their sums stay exact. Widening a numeric loses no row and no digit;
 * the rewrite takes a table lock for as long as copying the table takes.
 *
 * Also the two usage figures the catalog prices besides tokens: 1-hour cache writes (a part of
 * cache_write_tokens) and web-search requests.
 *
 * The dashboard rollups (0008) are plain `numeric` already. Custom prices stay `numeric(14,6)` per
 * million tokens: a price with six decimals per million tokens costs at most twelve per token.
 */
const WIDER: ReadonlyArray<[table: string, column: string, before: string, after: string]> = [
  ['ai_usage_logs', 'cost', 'numeric(12, 6)', 'numeric(20, 12)'],
  ['ai_usage_daily', 'total_cost', 'numeric(12, 6)', 'numeric(24, 12)'],
  ['ai_usage_monthly', 'total_cost', 'numeric(14, 6)', 'numeric(26, 12)'],
  ['ai_budgets', 'current_month_usage', 'numeric(12, 6)', 'numeric(24, 12)'],
]

export async function up(db: Knex): Promise<void> {
  for (const [table, column, , after] of WIDER)
    await db.raw(`alter table ${table} alter column ${column} type ${after}`)
  await db.raw(`
    alter table ai_usage_logs
      add column cache_write_1h_tokens integer not null default 0,
      add column web_search_requests integer not null default 0,
      add constraint ai_usage_logs_extra_usage_check check (
        cache_write_1h_tokens >= 0 and cache_write_1h_tokens <= cache_write_tokens and web_search_requests >= 0)
  `)
  // The admin's list of unpriced models and `reprice --only-unpriced` read only these rows.
  await db.raw(
    'create index ai_usage_logs_unpriced on ai_usage_logs (provider, model, created_at) where cost is null',
  )
}

/**
 * Back to six decimals: costs are rounded (half away from zero, PostgreSQL's numeric cast), the
 * two usage columns dropped. Refused, with the offending table named, when a value no longer fits.
 */
export async function down(db: Knex): Promise<void> {
  for (const [table, column, before] of WIDER) {
    const digits = Number(/numeric\((\d+)/.exec(before)?.[1]) - 6
    const { rows } = await db.raw(
      `select count(*)::int as n from ${table} where abs(${column}) >= 1e${digits}`,
    )
    if (rows[0].n > 0)
      throw new Error(
        `cannot roll back 0011_exact_money: ${rows[0].n} ${table}.${column} values do not fit ${before}`,
      )
  }
  await db.raw('drop index ai_usage_logs_unpriced')
  await db.raw(`
    alter table ai_usage_logs
      drop constraint ai_usage_logs_extra_usage_check,
      drop column cache_write_1h_tokens,
      drop column web_search_requests
  `)
  for (const [table, column, before] of WIDER)
    await db.raw(`alter table ${table} alter column ${column} type ${before}`)
}
