export * from './catalog-refresh'
export * from './unpriced-models'
