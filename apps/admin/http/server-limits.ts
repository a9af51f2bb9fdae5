import http from 'node:http'
import { MAX_ADMIN_BODY_BYTES } from './body-limit'

/**
 * Connection limits of the admin's HTTP server (the same defaults as the api's), so slow or idle
 * clients cannot hold it: a client that has not sent all its headers within `headersTimeoutMs`,
 * or its whole request within `requestTimeoutMs`, gets 408 and is disconnected (checked every
 * `checkIntervalMs`); idle keep-alive connections close after `keepAliveTimeoutMs`; past
 * `maxConnections` new connections are dropped.
 */
export interface ServerLimits {
  headersTimeoutMs: number
  requestTimeoutMs: number
  keepAliveTimeoutMs: number
  maxConnections: number
  checkIntervalMs: number
  /** Request bodies larger than this get 413 (see body-limit.ts). */
  maxBodyBytes: number
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
  maxBodyBytes: MAX_ADMIN_BODY_BYTES,
}

export function createLimitedServer(limits: ServerLimits, listener: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    listener,
  )
  server.maxConnections = limits.maxConnections
  return server
}
