import type { IncomingMessage, ServerResponse } from 'node:http'
import { mapTraceRequest } from '@tokenledger/contract'
import { otlpApiKey } from './api-key-header'
import { decodeTraceRequest, type OtlpEncoding, otlpEncoding } from './decode-trace-request'
import { CONTENT_TYPES, errorStatus, exportResponse } from './export-response'
import { OtlpBodyError, readOtlpBody } from './read-otlp-body'
import { type SpanStore, StoreFailure, type StoreOutcome } from './span-store'

export const OTLP_TRACES_PATH = '/v1/traces'

/** The same cap as the gateway's proxy routes and the api's, on the received and on the unzipped body. */
export const MAX_OTLP_BYTES = 32 * 1024 * 1024

/** At most this much of the rejected spans' reasons goes back in `partialSuccess.errorMessage`. */
const MAX_REASONS = 5

/** Whether a request URL is the OTLP/HTTP traces endpoint (query string ignored). */
export function isTracesPath(url: string): boolean {
  const path = url.split('?')[0]?.replace(/\/+$/, '')
  return path === OTLP_TRACES_PATH
}

/**
 * `POST /v1/traces` (OTLP/HTTP): the GenAI spans of an export request become usage events, stored
 * through the api like the SDK's (the span ids are their idempotency keys). Answers as OTLP
 * receivers do: 200 with `partialSuccess` counting the spans that cannot be stored, 4xx (not
 * retried by exporters) for a request that cannot be used, 429/503 (retried) when Tokenledger
 * cannot store now. Spans that are not model calls are dropped without counting as rejected;
 * the `x-tokenledger-spans` header counts everything.
 */
export async function handleTraces(
  store: SpanStore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const encoding = otlpEncoding(req.headers['content-type'])
  const answer = (status: number, body: Buffer, as: OtlpEncoding, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': CONTENT_TYPES[as], ...headers })
    res.end(body)
  }
  const fail = (status: number, message: string) =>
    answer(status, errorStatus(encoding ?? 'json', status, message), encoding ?? 'json')

  const apiKey = otlpApiKey(req.headers)
  if (!apiKey)
    return fail(401, 'Tokenledger: send your API key as Authorization: Bearer tl_… or x-tokenledger-key')
  if (!encoding)
    return fail(
      415,
      'Tokenledger: Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)',
    )

  let body: Buffer
  try {
    body = await readOtlpBody(req, MAX_OTLP_BYTES)
  } catch (error) {
    if (error instanceof OtlpBodyError) return fail(error.status, `Tokenledger: ${error.message}`)
    throw error
  }
  const decoded = decodeTraceRequest(body, encoding)
  if (!decoded.ok) return fail(decoded.status, `Tokenledger: ${decoded.message}`)

  const mapping = mapTraceRequest(decoded.request)
  let sent: StoreOutcome
  try {
    sent = await store(apiKey, mapping.events)
  } catch (error) {
    if (error instanceof StoreFailure) return fail(error.status, error.message)
    throw error
  }
  const reasons = [...mapping.invalid, ...sent.errors]
  const rejected = mapping.invalid.length + sent.rejected
  const errorMessage = reasons.length
    ? `Tokenledger rejected ${rejected} span(s): ${reasons.slice(0, MAX_REASONS).join('; ')}${reasons.length > MAX_REASONS ? '; …' : ''}`.slice(
        0,
        4_000,
      )
    : ''
  answer(200, exportResponse(encoding, rejected, errorMessage), encoding, {
    'x-tokenledger-spans': `stored=${sent.stored}, duplicates=${sent.duplicates}, rejected=${rejected}, ignored=${mapping.ignored}`,
  })
}
