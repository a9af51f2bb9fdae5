import type { Knex } from 'knex'

export interface KeyedRow {
  idempotency_key: string | null
  created_at: Date
}

export interface StoredByKey {
  id: number
  cost: string | null
  cost_source: string | null
}

/**
 * Draws the batch's log ids and claims its idempotency keys before the rows are written, in the
 * caller's transaction: answers, per row and in order, the id to insert it with, or null for a row
 * whose key is already claimed — by an earlier call, an earlier row of this batch, or a concurrent
 * writer — which is then a duplicate. The primary key of `ai_usage_log_keys` (organization, key)
 * makes a concurrent writer wait for the first one's transaction and then skip, so one row is stored
 * however many writers race (the logs table is partitioned by time and cannot hold that unique
 * index itself, migration 0013). Ids are drawn in batch order, from the sequence the table's default
 * uses, so a batch's ids still follow its order; keys are claimed in key order, so two batches
 * sharing keys cannot deadlock.
 */
export async function claimLogIds(
  trx: Knex.Transaction,
  organizationId: number,
  rows: readonly KeyedRow[],
): Promise<Array<number | null>> {
  if (!rows.length) return []
  const { rows: assigned } = await trx.raw(
    `with batch as materialized (
       select b.n, b.key, b.created_at, nextval(pg_get_serial_sequence('ai_usage_logs', 'id')) as id
       from unnest(?::text[], ?::timestamptz[]) with ordinality as b(key, created_at, n)
     ),
     claimed as (
       insert into ai_usage_log_keys (organization_id, idempotency_key, log_id, created_at)
       select ?, first.key, first.id, first.created_at
       from (select distinct on (key) key, id, created_at from batch where key is not null order by key, n) first
       order by first.key
       on conflict (organization_id, idempotency_key) do nothing
       returning log_id
     )
     select b.id, b.key is null or c.log_id is not null as stored
     from batch b left join claimed c on c.log_id = b.id
     order by b.n`,
    // knex's binding types have no array holding nulls; pg sends it as a text[] with NULLs.
    [rows.map((r) => r.idempotency_key) as string[], rows.map((r) => r.created_at), organizationId],
  )
  return assigned.map((r: { id: number; stored: boolean }) => (r.stored ? r.id : null))
}

/** The stored log of each key (claimed earlier, or by this transaction), found within its month. */
export async function findByIdempotencyKeys(
  trx: Knex.Transaction,
  organizationId: number,
  keys: readonly string[],
): Promise<Map<string, StoredByKey>> {
  if (!keys.length) return new Map()
  const { rows } = await trx.raw(
    `select k.idempotency_key, l.id, l.cost, l.cost_source
     from ai_usage_log_keys k
     join ai_usage_logs l on l.id = k.log_id and l.created_at = k.created_at
     where k.organization_id = ? and k.idempotency_key = any(?::text[])`,
    [organizationId, [...new Set(keys)]],
  )
  return new Map(
    rows.map((r: StoredByKey & { idempotency_key: string }) => [
      r.idempotency_key,
      { id: r.id, cost: r.cost, cost_source: r.cost_source },
    ]),
  )
}
