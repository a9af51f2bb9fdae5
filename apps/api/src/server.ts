import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ApiDeps, AppError, appRouter, contextFactory } from '@tokenledger/api'
import { pingDatabase } from '@tokenledger/db'
import { handleTraces, isTracesPath, OTLP_TRACES_PATH } from '@tokenledger/otlp-receiver'
import { createHTTPHandler } from '@trpc/server/adapters/standalone'
import { storeSpansInProcess } from './otlp/store-spans-in-process'
import { type RedactionPool, sharedRedactionPool } from './usage/redaction-pool/redaction-pool'
import { configureRedactionFromEnv } from './usage/redaction-settings'

/** Batches of 1,000 events with content fit well inside this; larger bodies get 413. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024

/**
 * Connection limits of the api's HTTP server, so slow or idle clients cannot hold it: a client
 * that has not sent all its headers within `headersTimeoutMs`, or its whole request within
 * `requestTimeoutMs`, gets 408 and is disconnected (checked every `checkIntervalMs`); idle
 * keep-alive connections close after `keepAliveTimeoutMs`; past `maxConnections` new connections
 * are dropped.
 */
export interface ServerLimits {
  headersTimeoutMs: number
  requestTimeoutMs: number
  keepAliveTimeoutMs: number
  maxConnections: number
  checkIntervalMs: number
}

/** 30 s for a whole request leaves a 32 MB batch about 1 MB/s. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
}

export interface ApiServer {
  server: http.Server
  url: string
  close: () => Promise<void>
}

/**
 * What the server needs: the router's dependencies, with redaction in a worker pool. The pool is
 * Node-only I/O (worker threads), so it is wired here in the shell rather than in the router package.
 */
export interface ServerDeps extends Omit<ApiDeps, 'redactTexts'> {
  /** Where usage events are redacted; default the process's shared pool. */
  redactionPool?: RedactionPool
}

/**
 * The api over HTTP: tRPC under `/trpc`, OTLP/HTTP trace ingest at `POST /v1/traces`, liveness at
 * `GET /healthz`, database readiness at `GET /readyz`.
 */
export function createApiHandler(deps: ServerDeps): http.RequestListener {
  const { redactionPool, ...routerDeps } = deps
  const createContext = contextFactory({
    ...routerDeps,
    redactTexts: (redactionPool ?? sharedRedactionPool()).redactAll,
  })
  const storeSpans = storeSpansInProcess((apiKey) =>
    createContext({ req: { headers: { authorization: `Bearer ${apiKey}` } } }),
  )
  const trpc = createHTTPHandler({
    router: appRouter,
    createContext,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    // A throttled sign-in also says when to come back in the standard header.
    responseMeta: ({ errors }) => {
      const throttled = errors
        .map((error) => error.cause)
        .find((cause) => cause instanceof AppError && cause.reason === 'TOO_MANY_ATTEMPTS') as
        | AppError
        | undefined
      const retryAfter = throttled?.details?.retryAfter
      return typeof retryAfter === 'number' ? { headers: { 'retry-after': String(retryAfter) } } : {}
    },
  })
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://api.invalid')
    const path = url.pathname
    if (path === '/healthz') return json(res, 200, { status: 'ok' })
    if (path === '/readyz') {
      pingDatabase(deps.db)
        .then(() => json(res, 200, { status: 'ready' }))
        .catch((error: Error) => {
          // Unauthenticated endpoint: the database's own words (host names, users) stay in the log.
          console.error('[api] /readyz: the database does not answer:', error)
          json(res, 503, { status: 'unavailable', reason: 'database unreachable' })
        })
      return
    }
    if (isTracesPath(path)) {
      if (req.method !== 'POST') return json(res, 405, { code: 12, message: `use POST ${OTLP_TRACES_PATH}` })
      handleTraces(storeSpans, req, res).catch((error: Error) => {
        console.error('[api] POST /v1/traces:', error)
        if (!res.headersSent) json(res, 500, { code: 13, message: 'internal error' })
        else res.destroy(error)
      })
      return
    }
    if (path.startsWith('/trpc/')) {
      const batched = batchedAuthCall(path.slice('/trpc/'.length), url.searchParams)
      if (batched) {
        return json(res, 400, {
          error: {
            message: `${batched} cannot be batched with other calls: send it in a request of its own`,
            code: -32600,
            data: { code: 'BAD_REQUEST', httpStatus: 400, reason: 'INVALID_INPUT', path: batched },
          },
        })
      }
      return trpc(req, res)
    }
    json(res, 404, { error: 'not found: the api serves /trpc/*, POST /v1/traces, /healthz and /readyz' })
  }
}

/**
 * The auth procedure of a tRPC batch of more than one call, if any. Sign-in limits count HTTP
 * calls of `auth.login`; fifty guesses in one batched request would otherwise be one round trip.
 * tRPC's `allowBatching` is all or nothing for the whole router, and the SDK batches usage calls,
 * so the refusal is here. A batch of one auth call alone (what a batching client sends) is fine.
 */
export function batchedAuthCall(procedures: string, search: URLSearchParams): string | null {
  if (search.get('batch') !== '1') return null
  const paths = procedures.replace(/\/+$/, '').split(',')
  if (paths.length < 2) return null
  return paths.find((p) => p === 'auth' || p.startsWith('auth.')) ?? null
}

export async function startApiServer(
  deps: ServerDeps & { port: number; host?: string; limits?: Partial<ServerLimits> },
): Promise<ApiServer> {
  configureRedactionFromEnv()
  const limits = { ...DEFAULT_SERVER_LIMITS, ...deps.limits }
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    createApiHandler(deps),
  )
  server.maxConnections = limits.maxConnections
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(deps.port, deps.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://${deps.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
