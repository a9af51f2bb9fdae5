import type { Endpoint } from './endpoints/endpoint'

type Provider = Endpoint['provider']

/** The outcome of asking for an organization's stored key: never a rejected promise. */
export type StoredKeyLookup =
  | { ok: true; key: string | null }
  | { ok: false; httpStatus: 401 | 500 | 503; type: string; message: string }

export interface StoredKeysOptions {
  /** The api's base URL. */
  apiUrl: string
  /** Proves to the api that this is the gateway (derived from the master key). Without it, no lookups. */
  gatewayToken?: string
  /** How long an answer (a key, or none) is reused per API key and provider. Default 30,000 ms. */
  cacheMs?: number
  /** A lookup slower than this fails the call with 503. Default 3,000 ms. */
  timeoutMs?: number
  /** Cached answers kept at most (oldest dropped first). Default 10,000. */
  maxEntries?: number
  fetch?: typeof fetch
}

/**
 * The organization's stored provider keys, for calls that bring none: read through the api's
 * `gateway.providerKey` (the gateway has no database) and kept in memory for `cacheMs`, so a busy
 * key costs one lookup per 30 s, and a key set, rotated or deleted in the admin is used within that
 * time. Concurrent lookups of the same key and provider are one request. The plaintext lives only
 * in this map and in the upstream request; it is never put in a message.
 */
export class StoredKeys {
  private readonly cache = new Map<string, { until: number; key: string | null }>()
  private readonly inFlight = new Map<string, Promise<StoredKeyLookup>>()

  constructor(private readonly options: StoredKeysOptions) {}

  /** Whether this gateway may read stored keys at all (it was given the gateway token). */
  get enabled(): boolean {
    return Boolean(this.options.gatewayToken)
  }

  get(apiKey: string, provider: Provider): Promise<StoredKeyLookup> {
    if (!this.enabled) return Promise.resolve({ ok: true, key: null })
    const cacheKey = `${apiKey}\u0000${provider}`
    const cached = this.cache.get(cacheKey)
    if (cached && cached.until > Date.now()) return Promise.resolve({ ok: true, key: cached.key })
    let pending = this.inFlight.get(cacheKey)
    if (!pending) {
      pending = this.lookup(apiKey, provider).then((answer) => {
        this.inFlight.delete(cacheKey)
        if (answer.ok) this.remember(cacheKey, answer.key)
        return answer
      })
      this.inFlight.set(cacheKey, pending)
    }
    return pending
  }

  private async lookup(apiKey: string, provider: Provider): Promise<StoredKeyLookup> {
    const input = encodeURIComponent(JSON.stringify({ provider }))
    let response: Response
    let body: unknown
    try {
      response = await (this.options.fetch ?? fetch)(
        `${this.options.apiUrl}/trpc/gateway.providerKey?input=${input}`,
        {
          headers: {
            authorization: `Bearer ${apiKey}`,
            'x-tokenledger-gateway-token': this.options.gatewayToken as string,
          },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000),
        },
      )
      body = await response.json()
    } catch (error) {
      return {
        ok: false,
        httpStatus: 503,
        type: 'api_connection_error',
        message: `Tokenledger: could not read the organization's stored ${provider} key (${(error as Error).message}); retry, or send the key in x-provider-authorization`,
      }
    }
    const data = (body as { result?: { data?: { key?: unknown } } }).result?.data
    if (response.ok && data && (typeof data.key === 'string' || data.key === null))
      return { ok: true, key: data.key }
    const message = (body as { error?: { message?: unknown } }).error?.message
    const text = typeof message === 'string' ? message : `status ${response.status}`
    if (response.status === 401)
      return { ok: false, httpStatus: 401, type: 'invalid_api_key', message: `Tokenledger: ${text}` }
    if (response.status === 403)
      return {
        ok: false,
        httpStatus: 500,
        type: 'api_error',
        message: `Tokenledger: the api refused this gateway's token (${text}): the gateway and the api need the same master key (TOKENLEDGER_SECRET_KEY or TOKENLEDGER_HOME/secret-key)`,
      }
    // A stored key that does not decrypt: for the operator, and the api's message says so.
    return {
      ok: false,
      httpStatus: 500,
      type: 'api_error',
      message: `Tokenledger: could not read the organization's stored ${provider} key: ${text}`,
    }
  }

  private remember(cacheKey: string, key: string | null): void {
    const max = this.options.maxEntries ?? 10_000
    this.cache.delete(cacheKey)
    this.cache.set(cacheKey, { until: Date.now() + (this.options.cacheMs ?? 30_000), key })
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string)
  }
}
