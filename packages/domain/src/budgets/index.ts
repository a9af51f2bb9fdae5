export * from './budget'
export * from './evaluate-budgets'
export * from './validate-budget-input'
