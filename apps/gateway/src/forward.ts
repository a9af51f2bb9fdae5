import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import https from 'node:https'

// Connections to a provider are reused: a TLS handshake per call would dwarf the gateway's own work.
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

export interface ForwardRequest {
  /** The provider's base URL, e.g. https://api.openai.com/v1. */
  baseUrl: string
  /** Appended to the base URL, e.g. /chat/completions. */
  path: string
  headers: OutgoingHttpHeaders
  body: Buffer
  /** Aborts the upstream request (the client went away). */
  signal: AbortSignal
  /** Idle time (no bytes from the provider) after which the request is abandoned. */
  timeoutMs: number
}

/**
 * POSTs to the provider and resolves with its response once the headers arrive; the body is
 * left for the caller to stream. The idle timeout keeps applying while the body streams.
 */
export function forward(request: ForwardRequest): Promise<IncomingMessage> {
  const url = new URL(request.baseUrl.replace(/\/+$/, '') + request.path)
  const client = url.protocol === 'https:' ? https : http
  const agent = agents[url.protocol as keyof typeof agents]
  if (!agent) return Promise.reject(new Error(`unsupported provider URL ${url.origin}`))
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'POST',
      headers: request.headers,
      agent,
      signal: request.signal,
    })
    let response: IncomingMessage | undefined
    req.setTimeout(request.timeoutMs, () => {
      // Once the body streams, the error must reach the response, where the relay listens.
      const error = new UpstreamTimeoutError(request.timeoutMs)
      if (response) response.destroy(error)
      else req.destroy(error)
    })
    req.once('response', (res) => {
      response = res
      resolve(res)
    })
    req.once('error', reject)
    req.end(request.body)
  })
}
