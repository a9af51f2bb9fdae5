import { z } from 'zod'

// The app's own ids, as events, budget inputs and the directory procedures take them.

/** Matches the database's check on external_id (migration 0010). */
export const EXTERNAL_ID_MAX_LENGTH = 255
/** Items per directory upsert call. */
export const MAX_DIRECTORY_ITEMS = 1000

/** C0 controls and DEL: invisible in the admin, and NUL cannot be stored in Postgres text. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

/**
 * The app's own id for a user, project or document: any string of 1–255 characters without
 * control characters, compared exactly (case matters; surrounding spaces are refused, not trimmed,
 * so "a " and "a" can never silently become the same user).
 */
export const externalIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(EXTERNAL_ID_MAX_LENGTH, `must be at most ${EXTERNAL_ID_MAX_LENGTH} characters`)
  .refine((s) => !hasControlCharacter(s), 'must not contain control characters')
  .refine((s) => s.trim() === s, 'must not start or end with spaces')

const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty (omit it to keep the stored name)')
  .max(200)
  .refine((s) => !hasControlCharacter(s), 'must not contain control characters')

const emailSchema = z.string().trim().max(320).pipe(z.email())

export const userRefSchema = z.strictObject({
  externalId: externalIdSchema,
  email: emailSchema.optional(),
  name: displayNameSchema.optional(),
})

export const projectRefSchema = z.strictObject({
  externalId: externalIdSchema,
  name: displayNameSchema.optional(),
})

export const documentRefSchema = z.strictObject({
  externalId: externalIdSchema,
  name: displayNameSchema.optional(),
  /** The project this document belongs to, created on first sight like the document. */
  projectExternalId: externalIdSchema.optional(),
})

export type UserRef = z.infer<typeof userRefSchema>
export type ProjectRef = z.infer<typeof projectRefSchema>
export type DocumentRef = z.infer<typeof documentRefSchema>

// A bulk-sync item is the same shape as the reference an event carries: one vocabulary for both.
export const upsertUserItemSchema = userRefSchema
export const upsertProjectItemSchema = projectRefSchema
export const upsertDocumentItemSchema = documentRefSchema

/**
 * A directory call's input. Items stay unknown here on purpose: each one is validated on its own
 * so that one bad item is rejected alone instead of failing the whole call.
 */
export const directoryUpsertInputSchema = z.object({
  items: z.array(z.unknown()).max(MAX_DIRECTORY_ITEMS, `at most ${MAX_DIRECTORY_ITEMS} items per call`),
})

export const ATTRIBUTION_KINDS = ['user', 'project', 'document'] as const

/** What an event (or a budget check) may name, in either form. */
export interface AttributionRefs {
  userId?: number | null | undefined
  user?: UserRef | null | undefined
  projectId?: number | null | undefined
  project?: ProjectRef | null | undefined
  documentId?: number | null | undefined
  document?: DocumentRef | null | undefined
}

/**
 * The message for an event that names the same thing twice (`userId` and `user`), or null.
 * Usable from a zod superRefine on the event schema and from the write path alike.
 */
export function bothFormsError(refs: AttributionRefs): string | null {
  for (const kind of ATTRIBUTION_KINDS) {
    if (refs[`${kind}Id`] != null && refs[kind] != null) {
      return `name the ${kind} either by ${kind}Id or by ${kind} (the app's own id), not both`
    }
  }
  return null
}
