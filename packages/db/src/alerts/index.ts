export * from './record-alerts'
export * from './thresholds-reached'
