import type { Knex } from 'knex'
import { BUDGET_COUNTER_LOCK_KEY } from '../budgets/budget-counter-lock'
import type { LogRow } from './build-log-row'

/** What the statement answers for a row it stored. */
export interface InsertedLog {
  id: number
  cost: string | null
  cost_source: string | null
}

/**
 * Columns `buildLogRow` hands over as JSON text (jsonb in the table). In the statement's JSON
 * parameter they arrive as JSON strings, turned back into the values they spell.
 */
const JSON_TEXT_COLUMNS: ReadonlySet<string> = new Set<keyof LogRow>([
  'metadata',
  'prices',
  'redaction_summary',
])

/**
 * Writes a batch's log rows in one statement, in the caller's transaction: log ids drawn, idempotency
 * keys claimed and the rows inserted together, the rows travelling as one JSON parameter (read with
 * the table's own column types by `json_populate_recordset`). One round trip instead of a claim then
 * a 37-parameters-per-row insert, and no per-row placeholders to build or parse.
 *
 * Answers, per row and in order, what was stored, or null for a row whose key is already claimed —
 * by an earlier call, an earlier row of this batch, or a concurrent writer — which is then a
 * duplicate. The primary key of `ai_usage_log_keys` (organization, key) makes a concurrent writer
 * wait for the first one's transaction and then skip, so one row is stored however many writers race
 * (the logs table is partitioned by time and cannot hold that unique index itself, migration 0013).
 * Ids are drawn in batch order, from the sequence the table's default uses, so a batch's ids follow
 * its order; keys are claimed in key order, so two batches sharing keys cannot deadlock.
 * The statement also takes the organization's budget counter lock, shared, before any row is
 * claimed (the lock `addToBudgetCounters` needs; a round trip less per batch): held to commit, it is
 * taken in a statement before the counters' own, whose snapshot therefore sees any budget created
 * before it was granted.
 */
export async function insertLogRows(
  trx: Knex.Transaction,
  organizationId: number,
  rows: readonly LogRow[],
): Promise<Array<InsertedLog | null>> {
  const first = rows[0]
  if (!first) return []
  const columns = Object.keys(first)
  for (const column of columns)
    if (!/^[a-z_][a-z0-9_]*$/.test(column)) throw new Error(`not a column name: ${column}`)
  const values = columns.map((c) => (JSON_TEXT_COLUMNS.has(c) ? `(b.${c} #>> '{}')::jsonb` : `b.${c}`))
  const { rows: answered } = await trx.raw(
    `with counter_lock as materialized (
       select pg_advisory_xact_lock_shared(${BUDGET_COUNTER_LOCK_KEY}) as taken
     ),
     batch as materialized (
       select r.*, r.ordinality as n, nextval(pg_get_serial_sequence('ai_usage_logs', 'id')) as log_id
       from json_populate_recordset(null::ai_usage_logs, ?::json) with ordinality as r, counter_lock
     ),
     claimed as (
       insert into ai_usage_log_keys (organization_id, idempotency_key, log_id, created_at)
       select ?, first.idempotency_key, first.log_id, first.created_at
       from (
         select distinct on (idempotency_key) idempotency_key, log_id, created_at
         from batch where idempotency_key is not null
         order by idempotency_key, n
       ) first
       order by first.idempotency_key
       on conflict (organization_id, idempotency_key) do nothing
       returning log_id
     ),
     stored as (
       insert into ai_usage_logs (id, ${columns.join(', ')})
       select b.log_id, ${values.join(', ')}
       from batch b
       where b.idempotency_key is null or b.log_id in (select log_id from claimed)
       order by b.n
       returning id, cost, cost_source
     )
     select s.id, s.cost, s.cost_source
     from batch b left join stored s on s.id = b.log_id
     order by b.n`,
    [organizationId, JSON.stringify(rows), organizationId],
  )
  return answered.map((r: { id: number | null; cost: string | null; cost_source: string | null }) =>
    r.id == null ? null : { id: r.id, cost: r.cost, cost_source: r.cost_source },
  )
}
