export * from './reprice-runs'
export * from './reprice-usage'
