export * from './reprice-usage'
