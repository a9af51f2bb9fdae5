import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'

const PROTO_ROOT = fileURLToPath(new URL('./proto/', import.meta.url))

let root: protobuf.Root | undefined

/** The official trace service definitions, loaded once on first use. */
function traceService(): protobuf.Root {
  if (root) return root
  const loaded = new protobuf.Root()
  // The .proto files import each other by their path under the proto root.
  loaded.resolvePath = (_origin, target) => PROTO_ROOT + target
  loaded.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto', { keepCase: false })
  root = loaded
  return root
}

export function exportTraceServiceRequest(): protobuf.Type {
  return traceService().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest')
}

export function exportTraceServiceResponse(): protobuf.Type {
  return traceService().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse')
}

/**
 * An OTLP/HTTP protobuf body decoded into the OTLP/JSON shape, which the mapper reads: camelCase
 * fields, 64-bit integers as decimal strings, enums as numbers, trace and span ids as lowercase
 * hex (OTLP/JSON's one departure from the protobuf JSON mapping), other bytes as base64.
 * Throws protobufjs's error for a body that is not a valid message.
 */
export function decodeTraceRequestProtobuf(body: Uint8Array): unknown {
  const type = exportTraceServiceRequest()
  const message = type.decode(body)
  const object = type.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false })
  for (const resourceSpans of (object.resourceSpans ?? []) as Array<{
    scopeSpans?: Array<{ spans?: unknown[] }>
  }>) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of (scopeSpans.spans ?? []) as Array<Record<string, unknown>>) {
        for (const field of ['traceId', 'spanId', 'parentSpanId'])
          if (typeof span[field] === 'string')
            span[field] = Buffer.from(span[field], 'base64').toString('hex')
      }
    }
  }
  return object
}
