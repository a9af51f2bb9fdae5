import { z } from 'zod'

/**
 * The parts of an OTLP `ExportTraceServiceRequest` (OTLP/JSON encoding, or protobuf decoded into
 * the same shape) that usage is read from. Fields the mapper does not read are let through
 * unchecked, so a newer exporter's additions never get a request refused. Attribute values are
 * checked when read (see attribute-values.ts), not here: a recursive schema could be driven into
 * deep recursion by a hostile payload.
 */

/** int64 nanoseconds: OTLP/JSON sends them as decimal strings, some exporters as numbers. */
const unixNanos = z.union([
  z.string().regex(/^\d{1,20}$/, 'nanoseconds as a decimal string'),
  z.number().int().min(0),
])

const keyValue = z.object({ key: z.string(), value: z.unknown().optional() })
const attributes = z.array(keyValue).optional()

export const otlpSpanSchema = z.object({
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  startTimeUnixNano: unixNanos.optional(),
  endTimeUnixNano: unixNanos.optional(),
  attributes,
  events: z
    .array(z.object({ name: z.string().optional(), timeUnixNano: unixNanos.optional(), attributes }))
    .optional(),
  status: z
    .object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() })
    .optional(),
})

export const otlpTraceRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes }).optional(),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
              spans: z.array(otlpSpanSchema).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
})

export type OtlpKeyValue = z.infer<typeof keyValue>
export type OtlpSpan = z.infer<typeof otlpSpanSchema>
export type OtlpTraceRequest = z.infer<typeof otlpTraceRequestSchema>
