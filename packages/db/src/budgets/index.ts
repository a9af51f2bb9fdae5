export * from './add-to-budget-counters'
export * from './budget-admin'
export * from './load-budgets'
export * from './overrides'
