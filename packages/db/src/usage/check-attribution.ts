import type { Db } from '../knex'
import type { AttributionCache, FactKind } from './attribution-cache'
import type { ResolvedAttribution } from './build-log-row'

/** Who sends usage events: an organization, through one of its API keys (none for internal callers). */
export interface UsageIdentity {
  organizationId: number
  apiKeyId: number | null
}

export type AttributionResult =
  | { ok: true; attribution: ResolvedAttribution }
  | { ok: false; message: string }

interface Claim {
  userId?: number | undefined
  projectId?: number | undefined
  documentId?: number | undefined
}

/**
 * Every user, project and document an event names must belong to the API key's organization.
 * A document implies its project; naming both requires them to match. One query per kind for
 * the whole batch, for the ids `cache` (when given) does not already know; what is found is added
 * to it. Inside a transaction that may create users, projects or documents, pass no cache.
 */
export async function checkAttribution(
  db: Db,
  identity: UsageIdentity,
  claims: Claim[],
  cache?: AttributionCache,
): Promise<AttributionResult[]> {
  const { organizationId } = identity
  // Facts the cache knows: id → the member's or project's own id, or the document's project.
  const known: Record<FactKind, Map<number, number>> = {
    member: new Map(),
    project: new Map(),
    document: new Map(),
  }
  const ids = (kind: FactKind, pick: (c: Claim) => number | undefined) => {
    const unknown = new Set<number>()
    for (const claim of claims) {
      const id = pick(claim)
      if (id == null) continue
      const value = cache?.get(db, organizationId, kind, id)
      if (value === undefined) unknown.add(id)
      else known[kind].set(id, value)
    }
    return [...unknown]
  }
  const userIds = ids('member', (c) => c.userId)
  const projectIds = ids('project', (c) => c.projectId)
  const documentIds = ids('document', (c) => c.documentId)

  const lookups = [
    async (): Promise<number[]> =>
      userIds.length
        ? db('organization_user')
            .where({ organization_id: organizationId })
            .whereIn('user_id', userIds)
            .pluck('user_id')
        : [],
    async (): Promise<number[]> =>
      projectIds.length
        ? db('projects').where({ organization_id: organizationId }).whereIn('id', projectIds).pluck('id')
        : [],
    async (): Promise<Array<{ id: number; project_id: number }>> =>
      documentIds.length
        ? db('documents')
            .join('projects', 'projects.id', 'documents.project_id')
            .where('projects.organization_id', organizationId)
            .whereIn('documents.id', documentIds)
            .select<Array<{ id: number; project_id: number }>>('documents.id', 'documents.project_id')
        : [],
  ] as const
  // Side by side on the pool; one after the other in a transaction, which has one connection.
  const [members, projects, documents] = db.isTransaction
    ? [await lookups[0](), await lookups[1](), await lookups[2]()]
    : await Promise.all([lookups[0](), lookups[1](), lookups[2]()])
  for (const id of members) cache?.set(db, organizationId, 'member', id, id)
  for (const id of projects) cache?.set(db, organizationId, 'project', id, id)
  for (const d of documents) cache?.set(db, organizationId, 'document', d.id, d.project_id)
  const memberSet = new Set<number>([...members, ...known.member.keys()])
  const projectSet = new Set<number>([...projects, ...known.project.keys()])
  const documentProject = new Map([...documents.map((d) => [d.id, d.project_id] as const), ...known.document])

  return claims.map((claim): AttributionResult => {
    if (claim.userId != null && !memberSet.has(claim.userId)) {
      return { ok: false, message: `user ${claim.userId} is not a member of this organization` }
    }
    if (claim.projectId != null && !projectSet.has(claim.projectId)) {
      return { ok: false, message: `project ${claim.projectId} does not belong to this organization` }
    }
    let projectId = claim.projectId ?? null
    if (claim.documentId != null) {
      const ofDocument = documentProject.get(claim.documentId)
      if (ofDocument == null) {
        return { ok: false, message: `document ${claim.documentId} does not belong to this organization` }
      }
      if (projectId != null && projectId !== ofDocument) {
        return {
          ok: false,
          message: `document ${claim.documentId} belongs to project ${ofDocument}, not ${projectId}`,
        }
      }
      projectId = ofDocument
    }
    return {
      ok: true,
      attribution: {
        organizationId,
        apiKeyId: identity.apiKeyId,
        userId: claim.userId ?? null,
        projectId,
        documentId: claim.documentId ?? null,
      },
    }
  })
}
