export { findProjectIdByExternalId } from './project-by-external-id'
export { type ResolvedRefs, resolveExternalRefs } from './resolve-external-refs'
export { type DirectoryUpsertResult, upsertDocuments, upsertProjects, upsertUsers } from './upsert-directory'
export * from './user-by-external-id'
