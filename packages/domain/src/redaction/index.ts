export { findSensitive } from './find-sensitive'
export { redact } from './redact'
export { mergeSummaries } from './summary'
export {
  type Finding,
  REDACTION_TYPES,
  type RedactionResult,
  type RedactionSummary,
  type RedactionType,
} from './types'
