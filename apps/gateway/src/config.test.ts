import { describe, expect, it } from 'vitest'
import { ConfigError, gatewayOptionsFromEnv } from './config'

describe('gatewayOptionsFromEnv', () => {
  it('has defaults for everything', () => {
    expect(gatewayOptionsFromEnv({})).toEqual({
      port: 3200,
      host: '127.0.0.1',
      apiUrl: 'http://127.0.0.1:3100',
      openaiBaseUrl: 'https://api.openai.com/v1',
      anthropicBaseUrl: 'https://api.anthropic.com/v1',
      budgetCacheMs: 2_000,
      upstreamTimeoutMs: 600_000,
      providerKeyCacheMs: 30_000,
    })
  })

  it('reads the variables and trims trailing slashes of URLs', () => {
    const options = gatewayOptionsFromEnv({
      GATEWAY_PORT: '4000',
      API_PORT: '3999',
      TOKENLEDGER_OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/',
      GATEWAY_BUDGET_CACHE_MS: '0',
      GATEWAY_PROVIDER_KEY_CACHE_MS: '5000',
    })
    expect(options).toMatchObject({
      port: 4000,
      apiUrl: 'http://127.0.0.1:3999',
      openaiBaseUrl: 'http://127.0.0.1:9/v1',
      budgetCacheMs: 0,
      providerKeyCacheMs: 5_000,
    })
  })

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => gatewayOptionsFromEnv({ GATEWAY_PORT: '70000' })).toThrow(ConfigError)
    expect(() => gatewayOptionsFromEnv({ GATEWAY_PORT: 'abc' })).toThrow(/GATEWAY_PORT/)
    expect(() => gatewayOptionsFromEnv({ TOKENLEDGER_API_URL: 'ftp://x' })).toThrow(/TOKENLEDGER_API_URL/)
  })
})
