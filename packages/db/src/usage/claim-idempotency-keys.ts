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
 * Claims the batch's idempotency keys before their log rows are written, in the caller's
 * transaction, and answers the log id each claimed key's row must be inserted with (the same
 * `ai_usage_logs` sequence the table's default draws from). A key already claimed — by an earlier
 * call, an earlier row of this batch, or a concurrent writer — is left out: the primary key of
 * `ai_usage_log_keys` (organization, key) makes a concurrent writer wait for the first one's
 * transaction and then skip, so one row is stored however many writers race (the logs table is
 * partitioned by time and cannot hold that unique index itself, migration 0013).
 */
export async function claimIdempotencyKeys(
  trx: Knex.Transaction,
  organizationId: number,
  rows: readonly KeyedRow[],
): Promise<Map<string, number>> {
  const first = new Map<string, Date>()
  for (const row of rows)
    if (row.idempotency_key && !first.has(row.idempotency_key)) first.set(row.idempotency_key, row.created_at)
  if (!first.size) return new Map()
  // Keys are claimed in a stable order so two batches sharing keys cannot deadlock.
  const keys = [...first.keys()].sort()
  const { rows: claimed } = await trx.raw(
    `insert into ai_usage_log_keys (organization_id, idempotency_key, log_id, created_at)
     select ?, k.key, nextval(pg_get_serial_sequence('ai_usage_logs', 'id')), k.created_at
     from unnest(?::text[], ?::timestamptz[]) with ordinality as k(key, created_at, n)
     order by k.n
     on conflict (organization_id, idempotency_key) do nothing
     returning idempotency_key, log_id`,
    [organizationId, keys, keys.map((key) => first.get(key) as Date)],
  )
  return new Map(
    claimed.map((r: { idempotency_key: string; log_id: number }) => [r.idempotency_key, r.log_id]),
  )
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
