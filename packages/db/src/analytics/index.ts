export * from './budget-states'
export * from './cost-by-category'
export * from './cost-by-provider'
export * from './cost-summary'
export * from './daily-cost-series'
export * from './filter-options'
export * from './get-usage-log'
export * from './list-usage-logs'
export * from './overrides-used'
export {
  type AnalyticsScope,
  type DashboardWindow,
  dashboardWindow,
  utcMonthFirstDay,
  utcWeekStart,
} from './periods'
export * from './top-organizations'
export * from './top-users'
export * from './usage-log-filters'
