export * from './redact-event'
export * from './usage-event-limits'
