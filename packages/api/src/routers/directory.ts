import { directoryUpsertInputSchema } from '@tokenledger/contract'
import { type DirectoryUpsertResult, upsertDocuments, upsertProjects, upsertUsers } from '@tokenledger/db'
import { apiKeyProcedure } from '../auth/procedures'

/** Per-item results with their counts, like `usage.logBatch`. */
function summarize(results: DirectoryUpsertResult[]) {
  const count = (status: DirectoryUpsertResult['status']) => results.filter((r) => r.status === status).length
  return {
    results,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
  }
}

/**
 * Bulk sync of the app's own users, projects and documents into the key's organization, for apps
 * that prefer it to creating them on first sight in usage events. At most 1,000 items per call;
 * each item is validated on its own, so one bad item is rejected alone with its reason.
 */
export const directoryRouter = {
  /** `{ externalId, email?, name? }` per item. */
  upsertUsers: apiKeyProcedure
    .input(directoryUpsertInputSchema)
    .mutation(async ({ ctx, input }) =>
      summarize(await upsertUsers(ctx.db, ctx.identity.organizationId, input.items)),
    ),
  /** `{ externalId, name? }` per item; a project created without a name is named by its id. */
  upsertProjects: apiKeyProcedure
    .input(directoryUpsertInputSchema)
    .mutation(async ({ ctx, input }) =>
      summarize(await upsertProjects(ctx.db, ctx.identity.organizationId, input.items)),
    ),
  /** `{ externalId, name?, projectExternalId? }` per item; a new document needs its project. */
  upsertDocuments: apiKeyProcedure
    .input(directoryUpsertInputSchema)
    .mutation(async ({ ctx, input }) =>
      summarize(await upsertDocuments(ctx.db, ctx.identity.organizationId, input.items)),
    ),
}
