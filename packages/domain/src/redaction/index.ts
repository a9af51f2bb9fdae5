export { configureRedaction, type RedactionOptions } from './configure'
export { findSensitive } from './find-sensitive'
export { DEFAULT_PHONE_REGIONS, parsePhoneRegions } from './phone-regions'
export { redact } from './redact'
export { mergeSummaries } from './summary'
export {
  type Finding,
  REDACTION_TYPES,
  type RedactionResult,
  type RedactionSummary,
  type RedactionType,
} from './types'
