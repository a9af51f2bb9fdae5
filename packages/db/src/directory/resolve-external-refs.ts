import {
  type AttributionRefs,
  bothFormsError,
  type DocumentRef,
  documentRefSchema,
  type ProjectRef,
  projectRefSchema,
  type UserRef,
  userRefSchema,
} from '@tokenledger/contract'
import type { Knex } from 'knex'
import { addMembers, type ExternalRow, upsertByExternalId } from './upsert-by-external-id'
import { createdIds, describeIssues, distinct, existingExternalIds, projectRow } from './upsert-directory'

/**
 * An event's attribution in numeric ids only, ready for the existing attribution check (which
 * still refuses a numeric id of another organization), or why the event cannot be attributed.
 */
export type ResolvedRefs =
  | { ok: true; userId?: number; projectId?: number; documentId?: number }
  | { ok: false; message: string }

interface Valid {
  index: number
  userId?: number
  user?: UserRef
  projectId?: number
  project?: ProjectRef
  documentId?: number
  document?: DocumentRef
}

/**
 * For the write path, inside the transaction that writes the log rows: turns every event's
 * `user`/`project`/`document` (the app's own ids) into numeric ids, creating the unknown ones in
 * the organization and updating names/emails that are given. One result per event, in order.
 *
 * Race-free through INSERT … ON CONFLICT DO NOTHING on the (organization_id, external_id) unique
 * keys (see upsertByExternalId): concurrent first sightings wait on the index, never duplicate,
 * and nothing is locked for a sighting that changes nothing. A failed event writes nothing.
 */
export async function resolveExternalRefs(
  trx: Knex.Transaction,
  organizationId: number,
  refs: readonly AttributionRefs[],
): Promise<ResolvedRefs[]> {
  const results: ResolvedRefs[] = refs.map(() => ({ ok: true }))
  const fail = (index: number, message: string) => {
    results[index] = { ok: false, message }
  }

  const valid: Valid[] = []
  refs.forEach((r, index) => {
    const checked = validate(r, index)
    if (typeof checked === 'string') fail(index, checked)
    else valid.push(checked)
  })

  // Reads first, so an event refused for its document writes no user or project either.
  const documentsToCreate = await documentsNeedingProject(trx, organizationId, valid)
  const foreignProjects = await projectsOutsideOrganization(
    trx,
    organizationId,
    [...documentsToCreate].flatMap((v) => (v.projectId != null ? [v.projectId] : [])),
  )
  const foreign = (v: Valid) => v.projectId != null && foreignProjects.has(v.projectId)
  const hasProject = (v: Valid) =>
    v.projectId != null || v.project != null || v.document?.projectExternalId != null
  // A new document named by several events of the batch needs a project from one of them.
  const filed = new Set(
    [...documentsToCreate].filter((v) => hasProject(v) && !foreign(v)).map((v) => v.document?.externalId),
  )
  const writing = valid.filter((v) => {
    if (!documentsToCreate.has(v)) return true
    if (foreign(v)) {
      fail(v.index, `project ${v.projectId} does not belong to this organization`)
      return false
    }
    if (!filed.has(v.document?.externalId)) {
      fail(
        v.index,
        `document ${v.document?.externalId} is new and has no project: give document.projectExternalId, project or projectId`,
      )
      return false
    }
    return true
  })

  const users = await upsertByExternalId(
    trx,
    'users',
    organizationId,
    lastGiven(writing.flatMap((v) => (v.user ? [v.user] : []))).map((u) => ({
      externalId: u.externalId,
      insert: { email: u.email ?? null, name: u.name ?? null },
      update: { email: u.email, name: u.name },
    })),
  )
  await addMembers(trx, organizationId, createdIds(users))

  const projectRefs: ProjectRef[] = writing.flatMap((v) => [
    ...(v.document?.projectExternalId ? [{ externalId: v.document.projectExternalId }] : []),
    ...(v.project ? [v.project] : []),
  ])
  const projects = await upsertByExternalId(
    trx,
    'projects',
    organizationId,
    lastGiven(projectRefs).map(projectRow),
  )

  const documentOf = (v: Valid): { projectId: number | null; moveTo: number | undefined } => {
    const linked = v.document?.projectExternalId ? projects.get(v.document.projectExternalId)?.id : undefined
    const ofEvent = v.projectId ?? (v.project ? projects.get(v.project.externalId)?.id : undefined)
    return { projectId: linked ?? ofEvent ?? null, moveTo: linked }
  }
  // Merged like users and projects: each field takes the last value the batch gives for it.
  const documentRows = new Map<string, ExternalRow>()
  for (const v of writing) {
    if (!v.document) continue
    const { projectId, moveTo } = documentOf(v)
    const { externalId, name } = v.document
    const before = documentRows.get(externalId)
    documentRows.set(externalId, {
      externalId,
      insert:
        projectId == null
          ? (before?.insert ?? null)
          : {
              name: name ?? (before?.insert?.name as string | undefined) ?? externalId,
              project_id: projectId,
            },
      update: {
        name: name ?? before?.update.name,
        project_id: moveTo ?? before?.update.project_id,
      },
    })
  }
  const documents = await upsertByExternalId(trx, 'documents', organizationId, [...documentRows.values()])

  for (const v of writing) {
    const id = (map: Map<string, { id: number }>, ref: { externalId: string } | undefined) =>
      ref ? map.get(ref.externalId)?.id : undefined
    const userId = v.userId ?? id(users, v.user)
    const projectId = v.projectId ?? id(projects, v.project)
    const documentId = v.documentId ?? id(documents, v.document)
    if (
      (v.user && userId == null) ||
      (v.project && projectId == null) ||
      (v.document && documentId == null)
    ) {
      fail(v.index, 'a user, project or document it names was deleted while the event was written')
      continue
    }
    results[v.index] = {
      ok: true,
      ...(userId != null && { userId }),
      ...(projectId != null && { projectId }),
      ...(documentId != null && { documentId }),
    }
  }
  return results
}

/** The event's refs checked on their own, or why they cannot be used. */
function validate(r: AttributionRefs, index: number): Valid | string {
  const both = bothFormsError(r)
  if (both) return both
  const v: Valid = { index }
  if (r.userId != null) v.userId = r.userId
  if (r.projectId != null) v.projectId = r.projectId
  if (r.documentId != null) v.documentId = r.documentId
  for (const [kind, schema] of [
    ['user', userRefSchema],
    ['project', projectRefSchema],
    ['document', documentRefSchema],
  ] as const) {
    if (r[kind] == null) continue
    const parsed = schema.safeParse(r[kind])
    if (!parsed.success) return `${kind}: ${describeIssues(parsed.error.issues)}`
    Object.assign(v, { [kind]: parsed.data })
  }
  return v
}

/** Events whose document ref names a document this organization does not have yet. */
async function documentsNeedingProject(
  trx: Knex.Transaction,
  organizationId: number,
  valid: Valid[],
): Promise<Set<Valid>> {
  const withDocument = valid.filter((v) => v.document)
  const known = await existingExternalIds(
    trx,
    'documents',
    organizationId,
    withDocument.map((v) => v.document?.externalId as string),
  )
  return new Set(withDocument.filter((v) => !known.has(v.document?.externalId as string)))
}

/** Numeric project ids a new document would be filed under that are not this organization's. */
async function projectsOutsideOrganization(
  trx: Knex.Transaction,
  organizationId: number,
  projectIds: number[],
): Promise<Set<number>> {
  if (projectIds.length === 0) return new Set()
  const ours: number[] = await trx('projects')
    .where({ organization_id: organizationId })
    .whereIn('id', distinct(projectIds))
    .pluck('id')
  const owned = new Set(ours)
  return new Set(projectIds.filter((id) => !owned.has(id)))
}

/**
 * One row per external id for a batch: the same user named by several events is merged, each
 * field taking the last value given in the batch (events are in call order).
 */
function lastGiven<T extends { externalId: string }>(refs: T[]): T[] {
  const merged = new Map<string, T>()
  for (const ref of refs) {
    const before = merged.get(ref.externalId)
    const given = Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== undefined)) as T
    merged.set(ref.externalId, before ? { ...before, ...given } : ref)
  }
  return [...merged.values()]
}
