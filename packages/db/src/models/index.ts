// Row types: one per table, its columns as the pg driver returns them (bigint ids as numbers,
// numeric money as strings, dates as 'YYYY-MM-DD'). Queries are knex, in the modules that own them.
export * from './ai-budget'
export * from './ai-usage-daily'
export * from './ai-usage-log'
export * from './ai-usage-monthly'
export * from './api-key'
export * from './document'
export * from './model-price'
export * from './organization'
export * from './project'
export * from './user'
