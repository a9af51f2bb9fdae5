import { describe, expect, it } from 'vitest'
import { StoredKeys } from './stored-keys'

/** A fake api: answers each lookup with `reply`, counting requests and keeping their headers. */
function fakeApi(reply: () => Response | Promise<Response>) {
  const requests: Array<{ url: string; headers: Headers }> = []
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: new Headers(init?.headers) })
    return reply()
  }) as typeof fetch
  return { requests, fetchImpl }
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('StoredKeys', () => {
  it('asks the api once per key and provider within the cache time, with the gateway token', async () => {
    const api = fakeApi(() => json(200, { result: { data: { key: 'sk-stored' } } }))
    const keys = new StoredKeys({
      apiUrl: 'http://api',
      gatewayToken: 'token',
      cacheMs: 60_000,
      fetch: api.fetchImpl,
    })
    const answers = await Promise.all([keys.get('tl_a', 'openai'), keys.get('tl_a', 'openai')])
    expect(answers).toEqual([
      { ok: true, key: 'sk-stored' },
      { ok: true, key: 'sk-stored' },
    ])
    await keys.get('tl_a', 'openai')
    await keys.get('tl_a', 'anthropic')
    expect(api.requests).toHaveLength(2)
    expect(api.requests[0]?.url).toBe(
      `http://api/trpc/gateway.providerKey?input=${encodeURIComponent('{"provider":"openai"}')}`,
    )
    expect(api.requests[0]?.headers.get('authorization')).toBe('Bearer tl_a')
    expect(api.requests[0]?.headers.get('x-tokenledger-gateway-token')).toBe('token')
  })

  it('remembers "no key" too, but not failures', async () => {
    let status = 503
    const api = fakeApi(() =>
      status === 200
        ? json(200, { result: { data: { key: null } } })
        : json(status, { error: { message: 'down' } }),
    )
    const keys = new StoredKeys({ apiUrl: 'http://api', gatewayToken: 't', fetch: api.fetchImpl })
    expect(await keys.get('tl_a', 'openai')).toMatchObject({ ok: false, httpStatus: 500 })
    status = 200
    expect(await keys.get('tl_a', 'openai')).toEqual({ ok: true, key: null })
    expect(await keys.get('tl_a', 'openai')).toEqual({ ok: true, key: null })
    expect(api.requests).toHaveLength(2)
  })

  it('turns the api’s refusals into answers for the caller, never into a thrown error', async () => {
    const answer = async (response: () => Response | Promise<Response>) =>
      new StoredKeys({ apiUrl: 'http://api', gatewayToken: 't', fetch: fakeApi(response).fetchImpl }).get(
        'tl_a',
        'openai',
      )
    expect(
      await answer(() => json(401, { error: { message: 'the API key is invalid or revoked' } })),
    ).toEqual({
      ok: false,
      httpStatus: 401,
      type: 'invalid_api_key',
      message: 'Tokenledger: the API key is invalid or revoked',
    })
    expect(await answer(() => json(403, { error: { message: 'only the gateway' } }))).toMatchObject({
      httpStatus: 500,
      message: expect.stringContaining('the gateway and the api need the same master key'),
    })
    expect(
      await answer(() => {
        throw new TypeError('fetch failed')
      }),
    ).toMatchObject({ httpStatus: 503, message: expect.stringContaining('fetch failed') })
  })

  it('never asks without a gateway token', async () => {
    const api = fakeApi(() => json(200, { result: { data: { key: 'sk' } } }))
    const keys = new StoredKeys({ apiUrl: 'http://api', fetch: api.fetchImpl })
    expect(keys.enabled).toBe(false)
    expect(await keys.get('tl_a', 'openai')).toEqual({ ok: true, key: null })
    expect(api.requests).toHaveLength(0)
  })
})
