import { gatewayToken, sharedMasterKey } from '@tokenledger/db'
import { ConfigError, gatewayOptionsFromEnv, startGateway } from '@tokenledger/gateway'
import { type Command, UsageError } from '../command'
import { log } from '../database'

export const gateway: Command = {
  name: 'gateway',
  summary: 'start the OpenAI/Anthropic-compatible gateway: change the base URL, every call is logged',
  help: `tokenledger gateway

  Starts the gateway alone (the api must be running: \`tokenledger serve\`). Point an OpenAI client
  at http://HOST:GATEWAY_PORT/openai/v1 or an Anthropic client at http://HOST:GATEWAY_PORT/anthropic,
  with the Tokenledger API key as its key and the provider's key in x-provider-authorization (or
  none, when a super admin stored the organization's key in the admin's Provider keys page).
  Every call is checked against the budgets, forwarded, and logged through the api. Ctrl+C sends
  the queued usage events, then stops. See docs/gateway.md.

  Environment:
    GATEWAY_PORT                    port (default 3200)
    HOST                            interface to listen on (default 127.0.0.1)
    TOKENLEDGER_API_URL             the api usage goes to (default http://127.0.0.1:API_PORT, 3100)
    TOKENLEDGER_OPENAI_BASE_URL     upstream for /openai/v1 (default https://api.openai.com/v1)
    TOKENLEDGER_ANTHROPIC_BASE_URL  upstream for /anthropic/v1 (default https://api.anthropic.com/v1)
    GATEWAY_BUDGET_CACHE_MS         how long an ok budget check is reused per key and user (default 2000)
    GATEWAY_UPSTREAM_TIMEOUT_MS     provider silence before a call fails with 504 (default 600000)
    GATEWAY_PROVIDER_KEY_CACHE_MS   how long an organization's stored provider key is reused (default 30000)
    TOKENLEDGER_SECRET_KEY          the master key, as the api has it (default TOKENLEDGER_HOME/secret-key):
                                    lets calls without x-provider-authorization use stored keys`,
  async run() {
    let options: ReturnType<typeof gatewayOptionsFromEnv>
    try {
      options = gatewayOptionsFromEnv()
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message)
      throw error
    }
    // Stored provider keys are read from the api with a token derived from the shared master key.
    const running = await startGateway({ ...options, gatewayToken: gatewayToken(await sharedMasterKey()) })
    console.log('')
    console.log('Tokenledger gateway is running')
    console.log(`  openai     ${running.url}/openai/v1     → ${options.openaiBaseUrl}`)
    console.log(`  anthropic  ${running.url}/anthropic/v1  → ${options.anthropicBaseUrl}`)
    console.log(`  logs to    ${options.apiUrl}`)
    console.log('  stop       Ctrl+C')

    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    log('shutting down: sending the queued usage events…')
    await running.close()
  },
}
