import { describe, expect, it } from 'vitest'
import { clientHeaders, upstreamHeaders } from './upstream-headers'

describe('upstreamHeaders', () => {
  const incoming = {
    authorization: 'Bearer tl_secret',
    'x-tokenledger-user': '4',
    'x-provider-authorization': 'Bearer sk-1',
    'anthropic-version': '2023-06-01',
    'openai-beta': 'assistants=v2',
    'accept-encoding': 'gzip',
    'content-length': '999',
    host: 'gateway',
    connection: 'keep-alive',
  }

  it('never forwards the Tokenledger key or headers, and sends the provider key as OpenAI expects', () => {
    expect(upstreamHeaders(incoming, 'openai', 'sk-1', 12)).toEqual({
      authorization: 'Bearer sk-1',
      'anthropic-version': '2023-06-01',
      'openai-beta': 'assistants=v2',
      'accept-encoding': 'identity',
      'content-type': 'application/json',
      'content-length': 12,
    })
  })

  it('sends the provider key as x-api-key to Anthropic', () => {
    const headers = upstreamHeaders({ ...incoming, 'x-api-key': 'tl_other' }, 'anthropic', 'sk-ant', 3)
    expect(headers['x-api-key']).toBe('sk-ant')
    expect(headers.authorization).toBeUndefined()
  })
})

describe('clientHeaders', () => {
  it('drops the length of a body the gateway rewrites, and hop-by-hop headers', () => {
    const headers = { 'content-length': '10', 'transfer-encoding': 'chunked', 'x-request-id': 'r1' }
    expect(clientHeaders(headers, true)).toEqual({ 'x-request-id': 'r1' })
    expect(clientHeaders(headers, false)).toEqual({ 'content-length': '10', 'x-request-id': 'r1' })
  })
})
