import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { handleTraces, isTracesPath, OTLP_TRACES_PATH } from '@tokenledger/otlp-receiver'
import type { TokenledgerError } from '@tokenledger/sdk'
import { BudgetGate } from './budget-gate'
import { errorBody } from './error-body'
import { handleCall } from './handle-call'
import { KeyLoggers } from './key-loggers'
import { sendEventsToApi } from './otlp/send-events-to-api'
import { matchRoute, ROUTE_PATHS } from './routes'
import { StoredKeys } from './stored-keys'

export interface GatewayOptions {
  port: number
  host?: string
  /** The Tokenledger api the usage goes to, e.g. http://127.0.0.1:3100. */
  apiUrl: string
  /** Provider base URLs (default https://api.openai.com/v1 and https://api.anthropic.com/v1). */
  openaiBaseUrl?: string
  anthropicBaseUrl?: string
  /** How long an `ok` budget check is reused per key and user (default 2,000 ms). */
  budgetCacheMs?: number
  /** A budget check slower than this lets the call through (default 3,000 ms). */
  budgetCheckTimeoutMs?: number
  /** The provider may stay silent this long before the call fails with 504 (default 600,000 ms). */
  upstreamTimeoutMs?: number
  /** API keys with a live logger at once (default 1,000). */
  maxKeys?: number
  /**
   * Lets calls without `x-provider-authorization` use the organization's stored provider key: the
   * token the api expects from the gateway (`gatewayToken(masterKey)` from @tokenledger/db). Without
   * it, every call must bring its provider key.
   */
  gatewayToken?: string
  /** How long a stored key (or its absence) is reused per API key and provider (default 30,000 ms). */
  providerKeyCacheMs?: number
  /** Logging and budget-check problems (they never fail a call). Default: printed to stderr. */
  onError?: (error: TokenledgerError) => void
}

export interface Gateway {
  server: http.Server
  url: string
  /**
   * Stops taking calls, sends every queued usage event (up to `flushTimeoutMs`, default 10 s), then
   * releases the budget leases' reservations (up to as long again).
   */
  close: (flushTimeoutMs?: number) => Promise<void>
}

export const DEFAULT_UPSTREAMS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
} as const

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const onError = options.onError ?? ((error: TokenledgerError) => console.error(`gateway: ${error.message}`))
  const loggers = new KeyLoggers({ apiUrl: options.apiUrl, onError, maxKeys: options.maxKeys ?? 1_000 })
  const gate = new BudgetGate({
    okCacheMs: options.budgetCacheMs ?? 2_000,
    timeoutMs: options.budgetCheckTimeoutMs ?? 3_000,
    onError,
  })
  const deps = {
    upstreams: {
      openai: options.openaiBaseUrl ?? DEFAULT_UPSTREAMS.openai,
      anthropic: options.anthropicBaseUrl ?? DEFAULT_UPSTREAMS.anthropic,
    },
    loggers,
    gate,
    storedKeys: new StoredKeys({
      apiUrl: options.apiUrl,
      ...(options.gatewayToken ? { gatewayToken: options.gatewayToken } : {}),
      cacheMs: options.providerKeyCacheMs ?? 30_000,
    }),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 600_000,
  }

  const storeSpans = sendEventsToApi(options.apiUrl)

  const server = http.createServer((req, res) => {
    const started = performance.now()
    const url = req.url ?? '/'
    if (req.method === 'GET' && url === '/healthz') return sendJson(res, started, 200, { status: 'ok' })
    if (isTracesPath(url)) {
      if (req.method !== 'POST')
        return sendJson(res, started, 405, { code: 12, message: `use POST ${OTLP_TRACES_PATH}` })
      handleTraces(storeSpans, req, res).catch((error: Error) => {
        if (!res.headersSent) sendJson(res, started, 500, { code: 13, message: `gateway: ${error.message}` })
        else res.destroy(error)
      })
      return
    }
    const route = matchRoute(url)
    if (!route)
      return sendJson(
        res,
        started,
        404,
        errorBody(
          undefined,
          'not_found',
          `the gateway serves POST ${[...ROUTE_PATHS, OTLP_TRACES_PATH].join(', ')}`,
        ),
      )
    if (req.method !== 'POST')
      return sendJson(
        res,
        started,
        405,
        errorBody(route.endpoint.provider, 'invalid_request_error', 'use POST'),
      )
    handleCall(deps, route, req, res).catch((error: Error) => {
      if (!res.headersSent)
        sendJson(
          res,
          started,
          500,
          errorBody(route.endpoint.provider, 'api_error', `gateway: ${error.message}`),
        )
      else res.destroy(error)
    })
  })
  // Streams can be silent for a while between events; the provider timeout governs instead.
  server.requestTimeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: async (flushTimeoutMs) => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      await loggers.shutdown(flushTimeoutMs)
      // After the final flush: the leases' calls are stored, so what the leases hold is given back
      // now rather than when their reservations expire.
      await gate.close(flushTimeoutMs)
    },
  }
}

/** A JSON answer of the gateway's own, with the time it took (x-tokenledger-overhead-ms). */
function sendJson(res: http.ServerResponse, started: number, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-tokenledger-overhead-ms': (performance.now() - started).toFixed(3),
  })
  res.end(JSON.stringify(body))
}
