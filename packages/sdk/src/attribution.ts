import type { DocumentRef, ProjectRef, UserRef } from '@tokenledger/contract'
import type { Category } from '@tokenledger/domain'

export type { DocumentRef, ProjectRef, UserRef }

/**
 * Who and what a call is for. Every field is optional; later levels win over earlier ones. The
 * user, project and document are named either by Tokenledger's numeric id (`userId`) or by the
 * app's own id (`user: { externalId }`, created in the organization on first sight).
 */
export interface Attribution {
  category?: Category
  purposeDetail?: string
  taskType?: string
  userId?: number
  /** The app's own id for the user (with its email/name, updated when given). */
  user?: UserRef
  projectId?: number
  project?: ProjectRef
  documentId?: number
  /** The app's own id for the document; `projectExternalId` files a new one under that project. */
  document?: DocumentRef
  loggable?: { type: string; id: string | number }
  /** Shallow-merged across levels (defaults, wrapper defaults, per call). */
  metadata?: Record<string, unknown>
}

/** Each form's other form: a level naming one replaces what earlier levels named in the other. */
const OTHER_FORM: Partial<Record<keyof Attribution, keyof Attribution>> = {
  userId: 'user',
  user: 'userId',
  projectId: 'project',
  project: 'projectId',
  documentId: 'document',
  document: 'documentId',
}

/**
 * Merges attribution levels left to right: a defined field wins, metadata is merged key by key.
 * A user (project, document) named in one form replaces an earlier level's other form, so the
 * merged attribution never names the same thing twice (which the api refuses).
 */
export function mergeAttribution(...levels: Array<Attribution | undefined>): Attribution {
  const merged: Attribution = {}
  for (const level of levels) {
    if (!level) continue
    for (const [key, value] of Object.entries(level) as Array<[keyof Attribution, unknown]>) {
      if (value === undefined) continue
      if (key === 'metadata') {
        merged.metadata = { ...merged.metadata, ...(value as Record<string, unknown>) }
      } else {
        const other = OTHER_FORM[key]
        if (other) delete merged[other]
        ;(merged as Record<string, unknown>)[key] = value
      }
    }
  }
  return merged
}
