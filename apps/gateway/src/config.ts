import { DEFAULT_UPSTREAMS, type GatewayOptions } from './server'

/** A setting in the environment that cannot be used. */
export class ConfigError extends Error {}

/** The gateway's settings from the environment (see docs/gateway.md for the table). */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  return {
    port: integer(env, 'GATEWAY_PORT', 3200, 65_535),
    host: env.HOST || '127.0.0.1',
    apiUrl: url(env, 'TOKENLEDGER_API_URL', `http://127.0.0.1:${env.API_PORT || 3100}`),
    openaiBaseUrl: url(env, 'TOKENLEDGER_OPENAI_BASE_URL', DEFAULT_UPSTREAMS.openai),
    anthropicBaseUrl: url(env, 'TOKENLEDGER_ANTHROPIC_BASE_URL', DEFAULT_UPSTREAMS.anthropic),
    budgetCacheMs: integer(env, 'GATEWAY_BUDGET_CACHE_MS', 2_000),
    upstreamTimeoutMs: integer(env, 'GATEWAY_UPSTREAM_TIMEOUT_MS', 600_000),
    providerKeyCacheMs: integer(env, 'GATEWAY_PROVIDER_KEY_CACHE_MS', 30_000),
  }
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new ConfigError(`${name} must be a whole number between 0 and ${max}, got "${raw}"`)
  return value
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  try {
    const parsed = new URL(raw)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)')
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`)
  }
  return raw.replace(/\/+$/, '')
}
