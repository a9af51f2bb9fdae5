export * from './limits'
export * from './redact-event'
