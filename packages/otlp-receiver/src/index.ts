export { otlpApiKey } from './api-key-header'
export { exportTraceServiceRequest } from './decode-protobuf'
export {
  type DecodedRequest,
  decodeTraceRequest,
  type OtlpEncoding,
  otlpEncoding,
} from './decode-trace-request'
export { errorStatus, exportResponse } from './export-response'
export { handleTraces, isTracesPath, MAX_OTLP_BYTES, OTLP_TRACES_PATH } from './handle-traces'
export {
  eventBatches,
  type SpanStore,
  StoreFailure,
  type StoreOutcome,
  storeFailure,
} from './span-store'
