export * from './prepare-usage-event'
export * from './redact-event'
export * from './usage-event-limits'
