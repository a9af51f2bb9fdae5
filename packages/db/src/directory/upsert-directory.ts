import {
  MAX_DIRECTORY_ITEMS,
  upsertDocumentItemSchema,
  upsertProjectItemSchema,
  upsertUserItemSchema,
} from '@tokenledger/contract'
import type { Knex } from 'knex'
import type { z } from 'zod'
import { addMembers, type ExternalRow, type UpsertStatus, upsertByExternalId } from './upsert-by-external-id'

export type DirectoryUpsertResult =
  | { status: UpsertStatus; externalId: string; id: number }
  | { status: 'rejected'; externalId: string | null; reason: string }

type Rejected = Extract<DirectoryUpsertResult, { status: 'rejected' }>

/**
 * Bulk sync of an app's users: one result per item, in order. Names and emails are updated when
 * given and kept when omitted. Accepts a Knex or a transaction (then runs in a savepoint).
 */
export function upsertUsers(db: Knex, organizationId: number, items: readonly unknown[]) {
  return upsertItems(db, items, upsertUserItemSchema, async (trx, valid) => {
    const rows: ExternalRow[] = valid.map((u) => ({
      externalId: u.externalId,
      insert: { email: u.email ?? null, name: u.name ?? null },
      update: { email: u.email, name: u.name },
    }))
    const users = await upsertByExternalId(trx, 'users', organizationId, rows)
    await addMembers(trx, organizationId, createdIds(users))
    return users
  })
}

/** Bulk sync of an app's projects; a project created without a name is named by its external id. */
export function upsertProjects(db: Knex, organizationId: number, items: readonly unknown[]) {
  return upsertItems(db, items, upsertProjectItemSchema, (trx, valid) =>
    upsertByExternalId(trx, 'projects', organizationId, valid.map(projectRow)),
  )
}

/**
 * Bulk sync of an app's documents. `projectExternalId` links (or moves) a document to that
 * project, created on first sight; a new document without one is rejected, since every document
 * belongs to a project.
 */
export function upsertDocuments(db: Knex, organizationId: number, items: readonly unknown[]) {
  return upsertItems(db, items, upsertDocumentItemSchema, async (trx, valid) => {
    const projectIds = await upsertByExternalId(
      trx,
      'projects',
      organizationId,
      distinct(valid.flatMap((d) => (d.projectExternalId ? [d.projectExternalId] : []))).map((externalId) =>
        projectRow({ externalId }),
      ),
    )
    const known = await existingExternalIds(
      trx,
      'documents',
      organizationId,
      valid.map((d) => d.externalId),
    )
    const rejected = new Map<string, string>()
    const rows: ExternalRow[] = []
    for (const d of valid) {
      const projectId = d.projectExternalId ? (projectIds.get(d.projectExternalId)?.id ?? null) : null
      if (projectId == null && !known.has(d.externalId)) {
        rejected.set(
          d.externalId,
          'a new document needs projectExternalId: every document belongs to a project',
        )
        continue
      }
      rows.push({
        externalId: d.externalId,
        insert: projectId == null ? null : { name: d.name ?? d.externalId, project_id: projectId },
        update: { name: d.name, project_id: projectId ?? undefined },
      })
    }
    const documents = await upsertByExternalId(trx, 'documents', organizationId, rows)
    return { results: documents, rejected }
  })
}

export function projectRow(p: { externalId: string; name?: string | undefined }): ExternalRow {
  return { externalId: p.externalId, insert: { name: p.name ?? p.externalId }, update: { name: p.name } }
}

export function createdIds(results: Map<string, { id: number; status: UpsertStatus }>): number[] {
  return [...results.values()].filter((r) => r.status === 'created').map((r) => r.id)
}

export function distinct<T>(values: T[]): T[] {
  return [...new Set(values)]
}

export async function existingExternalIds(
  trx: Knex.Transaction,
  table: 'users' | 'projects' | 'documents',
  organizationId: number,
  externalIds: string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set()
  const rows: string[] = await trx(table)
    .where({ organization_id: organizationId })
    .whereIn('external_id', distinct(externalIds))
    .pluck('external_id')
  return new Set(rows)
}

type Outcome =
  | Map<string, { id: number; status: UpsertStatus }>
  | { results: Map<string, { id: number; status: UpsertStatus }>; rejected: Map<string, string> }

/**
 * The frame every bulk call shares: a bound on the call, each item validated on its own, an
 * external id named twice in one call rejected (which of two values would win is not obvious),
 * then the valid items written in one transaction.
 */
async function upsertItems<S extends z.ZodType<{ externalId: string }>>(
  db: Knex,
  items: readonly unknown[],
  schema: S,
  write: (trx: Knex.Transaction, valid: z.infer<S>[]) => Promise<Outcome>,
): Promise<DirectoryUpsertResult[]> {
  if (!Array.isArray(items)) throw new TypeError('items must be an array')
  if (items.length > MAX_DIRECTORY_ITEMS) {
    throw new RangeError(`at most ${MAX_DIRECTORY_ITEMS} items per call, got ${items.length}`)
  }
  const slots: Array<{ item: z.infer<S> } | Rejected> = []
  const seen = new Set<string>()
  for (const raw of items) {
    const parsed = schema.safeParse(raw)
    const externalId = externalIdOf(raw)
    if (!parsed.success) {
      slots.push({ status: 'rejected', externalId, reason: describeIssues(parsed.error.issues) })
    } else if (seen.has(parsed.data.externalId)) {
      slots.push({ status: 'rejected', externalId, reason: 'externalId appears more than once in this call' })
    } else {
      seen.add(parsed.data.externalId)
      slots.push({ item: parsed.data })
    }
  }
  const valid = slots.flatMap((s) => ('item' in s ? [s.item] : []))
  if (valid.length === 0) return slots as Rejected[]
  const outcome = await db.transaction((trx) => write(trx, valid))
  const results = outcome instanceof Map ? outcome : outcome.results
  const rejected = outcome instanceof Map ? new Map<string, string>() : outcome.rejected
  return slots.map((slot): DirectoryUpsertResult => {
    if (!('item' in slot)) return slot
    const { externalId } = slot.item
    const reason = rejected.get(externalId)
    if (reason) return { status: 'rejected', externalId, reason }
    const row = results.get(externalId)
    // Only when the row was deleted (its organization or project removed) during the call.
    if (!row) return { status: 'rejected', externalId, reason: 'deleted while it was being written' }
    return { status: row.status, externalId, id: row.id }
  })
}

function externalIdOf(raw: unknown): string | null {
  const id = (raw as { externalId?: unknown } | null)?.externalId
  return typeof id === 'string' ? id : null
}

export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ')
}
