import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { BudgetGate } from './budget-gate'
import { estimateCallCost } from './call-estimate'
import { type CallOutcome, callEvent } from './call-event'
import {
  type CallResult,
  type Endpoint,
  isObject,
  type JsonObject,
  type StreamReader,
} from './endpoints/endpoint'
import { errorBody } from './error-body'
import { ForwardCancelledError, forward, UpstreamTimeoutError } from './forward'
import type { KeyLoggers } from './key-loggers'
import { BodyTooLargeError, readBody } from './read-body'
import {
  BadHeaderError,
  providerKey,
  type RequestAttribution,
  requestAttribution,
  tokenledgerKey,
  withBodyUser,
} from './request-attribution'
import type { Route } from './routes'
import type { StoredKeyLookup, StoredKeys } from './stored-keys'
import { bodyTap, ClientGoneError, relay, sseTap } from './stream-tap'
import { clientHeaders, upstreamHeaders } from './upstream-headers'

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The same limit as the api's: a request the api could not take is refused up front. */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024

export interface CallDeps {
  upstreams: { openai: string; anthropic: string }
  loggers: KeyLoggers
  gate: BudgetGate
  storedKeys: StoredKeys
  upstreamTimeoutMs: number
}

/**
 * One proxied call: authenticate and read the attribution, check the budget, forward, relay the
 * answer as it comes while reading its usage, then queue the usage event for the api.
 */
export async function handleCall(deps: CallDeps, route: Route, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now()
  const startedAt = new Date()
  const { endpoint } = route
  const refuse = (status: number, type: string, message: string, details?: Record<string, unknown>) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...overheadHeader(performance.now() - started),
    })
    res.end(JSON.stringify(errorBody(endpoint.provider, type, message, details)))
  }

  const apiKey = tokenledgerKey(req.headers)
  if (!apiKey)
    return refuse(
      401,
      'invalid_api_key',
      'Tokenledger: send your API key as Authorization: Bearer tl_… or x-tokenledger-key',
    )
  // The caller's own provider key wins; without one, the organization's stored key is looked up
  // while the budget is checked.
  const keyFromHeader = providerKey(req.headers)
  let attribution: RequestAttribution
  let body: JsonObject
  let raw: Buffer
  try {
    attribution = requestAttribution(req.headers)
    raw = await readBody(req, MAX_REQUEST_BYTES)
    const parsed: unknown = JSON.parse(raw.toString('utf8'))
    if (!isObject(parsed))
      return refuse(400, 'invalid_request_error', 'the request body must be a JSON object')
    body = parsed
    if (endpoint.provider === 'openai') attribution = withBodyUser(attribution, stringField(body.user))
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse(413, 'invalid_request_error', error.message)
    if (error instanceof BadHeaderError || error instanceof SyntaxError)
      return refuse(400, 'invalid_request_error', `Tokenledger: ${error.message}`)
    throw error
  }

  const tokenledger = deps.loggers.get(apiKey)
  const stored = keyFromHeader ? undefined : deps.storedKeys.get(apiKey, endpoint.provider)
  const estimate = estimateCallCost(endpoint.provider, body.model, body)
  const decision = await deps.gate.decide(tokenledger, apiKey, attribution, estimate)
  if (!decision.pass) return refuse(decision.httpStatus, decision.type, decision.message, decision.details)
  let key = keyFromHeader
  if (!key) {
    const lookup = await (stored as Promise<StoredKeyLookup>)
    // Refused before the provider: nothing will be logged, so what the budget check held is given back.
    if (!lookup.ok || !lookup.key) decision.ended(false)
    if (!lookup.ok) return refuse(lookup.httpStatus, lookup.type, lookup.message)
    if (!lookup.key)
      return refuse(
        401,
        'invalid_api_key',
        `Tokenledger: no ${endpoint.provider} key for this call: send it in x-provider-authorization, or have a super admin store one for the organization (admin → Provider keys)${deps.storedKeys.enabled ? '' : ' — this gateway was started without access to stored keys (see docs/gateway.md)'}`,
      )
    key = lookup.key
  }

  const prepared = endpoint.prepare(body)
  // The client's bytes go upstream as they came unless the gateway had to change the request.
  const payload = prepared.body === body ? raw : Buffer.from(JSON.stringify(prepared.body))

  const forwardedAt = performance.now()
  const log = (outcome: CallOutcome, endedAt = performance.now()) => {
    tokenledger.log(
      callEvent(
        {
          endpoint,
          path: route.upstreamPath.split('?')[0] ?? route.upstreamPath,
          body,
          attribution,
          startedAt,
          durationMs: endedAt - forwardedAt,
          budgetUnchecked: decision.status === 'unchecked',
          budgetReservationId: decision.reservationId,
        },
        outcome,
      ),
    )
    // The event carries the reservation: storing it releases it.
    decision.ended(true)
  }

  const call = forward({
    baseUrl: deps.upstreams[endpoint.provider],
    path: route.upstreamPath,
    headers: upstreamHeaders(req.headers, endpoint.provider, key, payload.length),
    body: payload,
    timeoutMs: deps.upstreamTimeoutMs,
  })
  const onClientClose = () => {
    if (!res.writableFinished) call.cancel()
  }
  res.once('close', onClientClose)
  let upstream: IncomingMessage
  try {
    upstream = await call.response
  } catch (error) {
    if (error instanceof ForwardCancelledError)
      return log({ success: false, error: new ClientGoneError().message })
    const timedOut = error instanceof UpstreamTimeoutError
    const message = `${timedOut ? 'timeout' : 'could not reach the provider'}: ${(error as Error).message}`
    log({ success: false, error: message })
    return refuse(timedOut ? 504 : 502, timedOut ? 'timeout' : 'api_connection_error', message)
  }
  const respondedAt = performance.now()

  const status = upstream.statusCode ?? 502
  const isStream = String(upstream.headers['content-type'] ?? '').startsWith('text/event-stream')
  const filtering = isStream && prepared.hideUsageChunk
  const overheadMs = forwardedAt - started
  const reader = isStream ? endpoint.stream(prepared.hideUsageChunk) : undefined
  const collected = isStream ? undefined : bodyTap(MAX_REQUEST_BYTES)
  // Our time on the way in (checks, budget) plus on the way out (up to the headers), not the provider's.
  res.writeHead(status, {
    ...clientHeaders(upstream.headers, filtering),
    ...overheadHeader(overheadMs + (performance.now() - respondedAt)),
  })
  const tap = reader ? sseTap(reader, filtering) : (collected as ReturnType<typeof bodyTap>)
  const relayed = await relay(upstream, res, tap)
  const endedAt = performance.now()
  res.off('close', onClientClose)
  // The answer is out: reading its usage and building the event wait until the event loop has
  // served the I/O that is ready, so other calls' bytes do not queue behind this bookkeeping.
  setImmediate(() => {
    try {
      log(outcomeOf(status, relayed.error, reader, collected, endpoint), endedAt)
    } catch (error) {
      // Nothing is left to answer: the call is only missing from the logs, which must not stop the gateway.
      console.error(`gateway: could not log a call: ${(error as Error).message}`)
    }
  })
}

/** What the provider's answer says about the call: its usage, text and error, as read at its end. */
function outcomeOf(
  status: number,
  relayError: Error | undefined,
  reader: StreamReader | undefined,
  collected: { text(): string | undefined } | undefined,
  endpoint: Endpoint,
): CallOutcome {
  let result: CallResult | undefined = reader?.result()
  if (collected && status < 400) result = parseResult(collected.text(), (json) => endpoint.fromJson(json))
  if (status >= 400)
    return {
      success: false,
      status,
      error: `${status}: ${collected?.text() ?? 'error'}`,
      ...(result ? { result } : {}),
    }
  const error = relayError?.message ?? result?.error
  return { success: !error, status, ...(result ? { result } : {}), ...(error ? { error } : {}) }
}

function parseResult(
  text: string | undefined,
  read: (json: JsonObject) => CallResult,
): CallResult | undefined {
  if (!text) return undefined
  try {
    const json: unknown = JSON.parse(text)
    return isObject(json) ? read(json) : undefined
  } catch {
    return undefined
  }
}

function overheadHeader(ms: number): Record<string, string> {
  return { 'x-tokenledger-overhead-ms': ms.toFixed(3) }
}
