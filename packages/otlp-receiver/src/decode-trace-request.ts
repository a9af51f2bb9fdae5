import { type OtlpTraceRequest, otlpTraceRequestSchema } from '@tokenledger/contract'
import { decodeTraceRequestProtobuf } from './decode-protobuf'

/** OTLP/HTTP's two encodings; the answer goes back in the request's. */
export type OtlpEncoding = 'json' | 'protobuf'

export type DecodedRequest =
  | { ok: true; request: OtlpTraceRequest }
  | { ok: false; status: 400 | 415; message: string }

/** The encoding a `Content-Type` names, or undefined for one OTLP/HTTP does not define. */
export function otlpEncoding(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf'
  return undefined
}

/** The export request in the body, checked against the shape the mapper reads. */
export function decodeTraceRequest(body: Buffer, encoding: OtlpEncoding): DecodedRequest {
  let decoded: unknown
  try {
    decoded = encoding === 'json' ? JSON.parse(body.toString('utf8')) : decodeTraceRequestProtobuf(body)
  } catch (error) {
    const what = encoding === 'json' ? 'JSON' : 'a protobuf ExportTraceServiceRequest'
    return { ok: false, status: 400, message: `the body is not valid ${what}: ${(error as Error).message}` }
  }
  const parsed = otlpTraceRequestSchema.safeParse(decoded)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ')
    return { ok: false, status: 400, message: `not an OTLP ExportTraceServiceRequest: ${issues}` }
  }
  return { ok: true, request: parsed.data }
}
