export * from './catalog-refresh'
