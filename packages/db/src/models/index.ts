// objection models, one per table, their columns as the pg driver returns them (bigint ids as
// numbers, numeric money as strings, dates as 'YYYY-MM-DD'). No global knex is bound: each query
// names its connection or transaction, `Model.query(db)`, so the api, admin and worker pools and
// the write path's transactions stay explicit. The table modules' CRUD goes through these; the
// SQL-heavy modules (write path, rollups, analytics) stay knex.
export * from './ai-budget'
export * from './ai-usage-daily'
export * from './ai-usage-log'
export * from './ai-usage-monthly'
export * from './api-key'
export * from './document'
export * from './model-price'
export * from './organization'
export * from './project'
export * from './session'
export * from './user'
