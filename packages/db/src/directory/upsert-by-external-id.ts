import type { Knex } from 'knex'

export type DirectoryTable = 'users' | 'projects' | 'documents'
export type UpsertStatus = 'created' | 'updated' | 'unchanged'

/** One row to make exist, keyed by (organization_id, external_id). */
export interface ExternalRow {
  externalId: string
  /**
   * Columns a new row gets (besides organization_id and external_id); null for a row known to
   * exist that could not be created (a document whose project is not given).
   */
  insert: Record<string, string | number | null> | null
  /** Columns to set on an existing row; undefined means "not given: keep what is stored". */
  update: Record<string, string | number | undefined>
}

/** Column types for the update's recordset; only these columns can be named. */
const UPDATABLE: Record<DirectoryTable, Record<string, 'text' | 'bigint'>> = {
  users: { email: 'text', name: 'text' },
  projects: { name: 'text' },
  documents: { name: 'text', project_id: 'bigint' },
}

/**
 * Makes every row exist in the organization and returns id + what happened, per external id.
 *
 * The common call names rows that exist with nothing new: one read answers it, with no write,
 * no row lock and no sequence value spent. Missing rows are inserted with `ON CONFLICT DO
 * NOTHING`, which waits for a concurrent transaction inserting the same key and then skips it,
 * so two first sightings never make two rows and need no lock of our own. Rows that differ (or
 * that a concurrent insert just made) are updated only where a given value differs. Rows go in
 * external-id order so concurrent batches lock in the same order. Callers pass distinct ids.
 */
export async function upsertByExternalId(
  trx: Knex.Transaction,
  table: DirectoryTable,
  organizationId: number,
  rows: ExternalRow[],
): Promise<Map<string, { id: number; status: UpsertStatus }>> {
  const result = new Map<string, { id: number; status: UpsertStatus }>()
  if (rows.length === 0) return result
  const sorted = [...rows].sort((a, b) =>
    a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0,
  )
  const columns = Object.entries(UPDATABLE[table])

  const found = await readRows(
    trx,
    table,
    organizationId,
    sorted.map((r) => r.externalId),
  )
  const toUpdate: ExternalRow[] = []
  const toInsert: ExternalRow[] = []
  for (const row of sorted) {
    const stored = found.get(row.externalId)
    if (!stored) {
      if (row.insert) toInsert.push(row)
    } else if (columns.some(([c]) => row.update[c] !== undefined && row.update[c] !== stored[c])) {
      toUpdate.push(row)
    } else {
      result.set(row.externalId, { id: stored.id, status: 'unchanged' })
    }
  }

  if (toInsert.length) {
    const created: Array<{ id: number; external_id: string }> = await trx(table)
      .insert(
        toInsert.map((r) => ({ organization_id: organizationId, external_id: r.externalId, ...r.insert })),
      )
      .onConflict(['organization_id', 'external_id'])
      .ignore()
      .returning(['id', 'external_id'])
    for (const row of created) result.set(row.external_id, { id: row.id, status: 'created' })
    // Inserted meanwhile by a concurrent transaction (committed by now): update it like a found row.
    toUpdate.push(...toInsert.filter((r) => !result.has(r.externalId)))
  }

  const given = toUpdate.filter((r) => Object.values(r.update).some((v) => v !== undefined))
  if (given.length) {
    const recordset = given.map((r) => {
      const values: Record<string, unknown> = { external_id: r.externalId }
      for (const [column] of columns) values[column] = r.update[column] ?? null
      return values
    })
    const set = columns.map(([c]) => `${c} = coalesce(v.${c}, t.${c})`).join(', ')
    const changed = columns.map(([c]) => `t.${c} is distinct from coalesce(v.${c}, t.${c})`).join(' or ')
    const types = columns.map(([c, type]) => `${c} ${type}`).join(', ')
    const { rows: updated } = await trx.raw<{ rows: Array<{ id: number; external_id: string }> }>(
      `update ${table} t set ${set}, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as v(external_id text, ${types})
        where t.organization_id = ? and t.external_id = v.external_id and (${changed})
        returning t.id, t.external_id`,
      [JSON.stringify(recordset), organizationId],
    )
    for (const row of updated) result.set(row.external_id, { id: row.id, status: 'updated' })
  }

  // Changed by a concurrent transaction to what this call gives, or made by one with nothing given.
  const rest = toUpdate.filter((r) => !result.has(r.externalId))
  if (rest.length) {
    const reread = await readRows(
      trx,
      table,
      organizationId,
      rest.map((r) => r.externalId),
    )
    for (const [externalId, row] of reread) result.set(externalId, { id: row.id, status: 'unchanged' })
  }
  return result
}

async function readRows(
  trx: Knex.Transaction,
  table: DirectoryTable,
  organizationId: number,
  externalIds: string[],
): Promise<Map<string, Record<string, unknown> & { id: number }>> {
  const rows: Array<Record<string, unknown> & { id: number; external_id: string }> = await trx(table)
    .where({ organization_id: organizationId })
    .whereIn('external_id', externalIds)
    .select('id', 'external_id', ...Object.keys(UPDATABLE[table]))
  return new Map(rows.map((r) => [r.external_id, r]))
}

/** A user created from an app's id is a member of its organization, so attribution and budgets see it. */
export async function addMembers(
  trx: Knex.Transaction,
  organizationId: number,
  userIds: number[],
): Promise<void> {
  if (userIds.length === 0) return
  await trx('organization_user')
    .insert(userIds.map((id) => ({ organization_id: organizationId, user_id: id, role: 'ic' })))
    .onConflict(['organization_id', 'user_id'])
    .ignore()
}
