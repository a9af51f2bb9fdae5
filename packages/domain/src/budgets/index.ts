export * from './budget'
export * from './evaluate-budgets'
export * from './forecast'
export * from './validate-budget-input'
