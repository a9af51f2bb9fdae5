import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { type MockAnthropic, startMockAnthropic } from '@tokenledger/tooling/testing/mock-anthropic'
import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { type Gateway, type GatewayOptions, startGateway } from '../../src'

/** The real api on the test database, mock providers, and the gateway between them. */
export interface System {
  db: Db
  api: ApiServer
  openai: MockOpenAI
  anthropic: MockAnthropic
  gateway: Gateway
  stop: () => Promise<void>
}

export async function startSystem(
  options: Partial<GatewayOptions> = {},
  apiOptions: { masterKey?: () => Promise<Buffer> } = {},
): Promise<System> {
  const db = createDb(process.env.DATABASE_URL as string)
  const api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test', ...apiOptions })
  const openai = await startMockOpenAI()
  const anthropic = await startMockAnthropic()
  const gateway = await startGateway({
    port: 0,
    apiUrl: api.url,
    openaiBaseUrl: `${openai.url}/v1`,
    anthropicBaseUrl: `${anthropic.url}/v1`,
    ...options,
  })
  return {
    db,
    api,
    openai,
    anthropic,
    gateway,
    stop: async () => {
      await gateway.close()
      await Promise.all([openai.close(), anthropic.close(), api.close()])
      await db.destroy()
    },
  }
}

/** The organization's log rows, oldest first, once there are `count` of them (the gateway logs in the background). */
export async function logRows(db: Db, organizationId: number, count: number, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const rows = await db('ai_usage_logs').where({ organization_id: organizationId }).orderBy('id')
    if (rows.length >= count || Date.now() > deadline) return rows
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
