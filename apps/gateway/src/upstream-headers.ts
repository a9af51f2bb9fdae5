import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import type { Endpoint } from './endpoints/endpoint'

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the gateway sets itself. */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
  // The gateway reads the answer to find its usage: it asks for it uncompressed.
  'accept-encoding',
  // Credentials: the client's are Tokenledger's, the provider's come from x-provider-authorization.
  'authorization',
  'x-api-key',
  'x-provider-authorization',
  'cookie',
])

/**
 * The client's headers as the provider should see them: Tokenledger's own (`x-tokenledger-*`) and
 * credentials removed, the provider key put where the provider expects it.
 */
export function upstreamHeaders(
  headers: IncomingHttpHeaders,
  provider: Endpoint['provider'],
  providerKey: string,
  bodyBytes: number,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  // for…in rather than Object.entries: no array of pairs per call (a header object has no
  // inherited enumerable properties).
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined || NOT_FORWARDED.has(name) || name.startsWith('x-tokenledger-')) continue
    out[name] = value
  }
  if (provider === 'anthropic') out['x-api-key'] = providerKey
  else out.authorization = `Bearer ${providerKey}`
  out['content-type'] = 'application/json'
  out['content-length'] = bodyBytes
  out['accept-encoding'] = 'identity'
  return out
}

/** The provider's response headers as the client should see them (the body is re-framed by us). */
export function clientHeaders(headers: IncomingHttpHeaders, bodyRewritten: boolean): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined || name === 'connection' || name === 'keep-alive' || name === 'transfer-encoding')
      continue
    if (bodyRewritten && name === 'content-length') continue
    out[name] = value
  }
  return out
}
