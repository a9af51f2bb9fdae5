import type { Knex } from 'knex'

export interface StoredByKey {
  id: number
  cost: string | null
  cost_source: string | null
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
