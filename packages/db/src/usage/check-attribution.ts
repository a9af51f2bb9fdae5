import type { Db } from '../knex'
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
 * the whole batch.
 */
export async function checkAttribution(
  db: Db,
  identity: UsageIdentity,
  claims: Claim[],
): Promise<AttributionResult[]> {
  const { organizationId } = identity
  const ids = (pick: (c: Claim) => number | undefined) => [
    ...new Set(claims.map(pick).filter((v) => v != null)),
  ]
  const userIds = ids((c) => c.userId)
  const projectIds = ids((c) => c.projectId)
  const documentIds = ids((c) => c.documentId)

  const [members, projects, documents] = await Promise.all([
    userIds.length
      ? db('organization_user')
          .where({ organization_id: organizationId })
          .whereIn('user_id', userIds)
          .pluck('user_id')
      : [],
    projectIds.length
      ? db('projects').where({ organization_id: organizationId }).whereIn('id', projectIds).pluck('id')
      : [],
    documentIds.length
      ? db('documents')
          .join('projects', 'projects.id', 'documents.project_id')
          .where('projects.organization_id', organizationId)
          .whereIn('documents.id', documentIds)
          .select<Array<{ id: number; project_id: number }>>('documents.id', 'documents.project_id')
      : [],
  ])
  const memberSet = new Set<number>(members)
  const projectSet = new Set<number>(projects)
  const documentProject = new Map(documents.map((d) => [d.id, d.project_id]))

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
