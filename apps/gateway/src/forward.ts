import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import https from 'node:https'

// Connections to a provider are reused: a TLS handshake per call would dwarf the gateway's own work.
// No pipelining: a provider's answers take seconds, one slow answer would hold up the ones behind it.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
}

/** The provider did not send anything for `timeoutMs`. */
export class UpstreamTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the provider sent nothing for ${timeoutMs} ms`)
  }
}

/** The call was given up (the client left) before the provider answered. */
export class ForwardCancelledError extends Error {
  constructor() {
    super('the call was cancelled before the provider answered')
  }
}

export interface ForwardRequest {
  /** The provider's base URL, e.g. https://api.openai.com/v1. */
  baseUrl: string
  /** Appended to the base URL, e.g. /chat/completions. */
  path: string
  headers: OutgoingHttpHeaders
  body: Buffer
  /** Idle time (no bytes from the provider) after which the request is abandoned. */
  timeoutMs: number
}

export interface Forwarded {
  /** The provider's response once its headers arrived; the body is left for the caller to stream. */
  response: Promise<IncomingMessage>
  /** Gives the call up: before the answer, `response` rejects with ForwardCancelledError. */
  cancel: () => void
}

interface Upstream {
  client: typeof http | typeof https
  agent: http.Agent
  protocol: string
  hostname: string
  port: string
  /** The base URL's path without its trailing slashes, e.g. /v1. */
  basePath: string
  /** `user:password` of a base URL that carries credentials, as `new URL` would have sent them. */
  auth: string | undefined
}

// A gateway has two base URLs: parsing them once, not per call, saves a URL object and its strings.
const upstreams = new Map<string, Upstream>()

function upstreamOf(baseUrl: string): Upstream {
  let upstream = upstreams.get(baseUrl)
  if (upstream) return upstream
  const url = new URL(baseUrl)
  const agent = agents[url.protocol as keyof typeof agents]
  if (!agent) throw new Error(`unsupported provider URL ${url.origin}`)
  upstream = {
    client: url.protocol === 'https:' ? https : http,
    agent,
    protocol: url.protocol,
    // The URL class keeps an IPv6 host in brackets; the request options take it bare.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    basePath: url.pathname.replace(/\/+$/, ''),
    auth: url.username
      ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
      : undefined,
  }
  upstreams.set(baseUrl, upstream)
  return upstream
}

/**
 * POSTs to the provider and resolves with its response once the headers arrive. The idle timeout
 * keeps applying while the body streams. Cancelling destroys the request directly rather than
 * through an AbortSignal: one signal, its listeners and their clean-up per call are measurable
 * in a profile of the gateway under load, for a cancel that almost never happens.
 */
export function forward(request: ForwardRequest): Forwarded {
  let upstream: Upstream
  try {
    upstream = upstreamOf(request.baseUrl)
  } catch (error) {
    return { response: Promise.reject(error), cancel: () => {} }
  }
  const req = upstream.client.request({
    protocol: upstream.protocol,
    hostname: upstream.hostname,
    ...(upstream.port ? { port: upstream.port } : {}),
    ...(upstream.auth ? { auth: upstream.auth } : {}),
    path: upstream.basePath + request.path,
    method: 'POST',
    headers: request.headers,
    agent: upstream.agent,
  })
  let answer: IncomingMessage | undefined
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.setTimeout(request.timeoutMs, () => {
      // Once the body streams, the error must reach the response, where the relay listens.
      const error = new UpstreamTimeoutError(request.timeoutMs)
      if (answer) answer.destroy(error)
      else req.destroy(error)
    })
    req.once('response', (res) => {
      answer = res
      resolve(res)
    })
    req.once('error', reject)
  })
  req.end(request.body)
  return {
    response,
    cancel: () => {
      if (answer) answer.destroy()
      else req.destroy(new ForwardCancelledError())
    },
  }
}
