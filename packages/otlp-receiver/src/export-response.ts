import protobuf from 'protobufjs'
import { exportTraceServiceResponse } from './decode-protobuf'
import type { OtlpEncoding } from './decode-trace-request'

/** `google.rpc.Status`, the body of an OTLP/HTTP error answer (two of its three fields). */
const Status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))

/** gRPC status codes OTLP/HTTP error bodies carry, by HTTP status. */
const GRPC_CODES: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  404: 5, // NOT_FOUND
  405: 12, // UNIMPLEMENTED
  413: 3,
  415: 3,
  429: 8, // RESOURCE_EXHAUSTED
  503: 14, // UNAVAILABLE
}

export const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
}

/**
 * `ExportTraceServiceResponse`: empty when every span was taken, else `partialSuccess` with the
 * number of rejected spans and why (OTLP: the client must not retry them).
 */
export function exportResponse(encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): Buffer {
  const partialSuccess = rejectedSpans > 0 || errorMessage ? { rejectedSpans, errorMessage } : undefined
  if (encoding === 'json')
    // int64 fields are decimal strings in OTLP/JSON.
    return Buffer.from(
      JSON.stringify(
        partialSuccess ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {},
      ),
    )
  const type = exportTraceServiceResponse()
  return Buffer.from(type.encode(type.fromObject(partialSuccess ? { partialSuccess } : {})).finish())
}

/** An error answer's body: a `google.rpc.Status` in the request's encoding (JSON when unknown). */
export function errorStatus(encoding: OtlpEncoding, httpStatus: number, message: string): Buffer {
  const status = { code: GRPC_CODES[httpStatus] ?? 2, message }
  if (encoding === 'json') return Buffer.from(JSON.stringify(status))
  return Buffer.from(Status.encode(Status.fromObject(status)).finish())
}
