import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { type MockAnthropic, startMockAnthropic } from '@tokenledger/tooling/testing/mock-anthropic'
import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'

/** What the SDK's end-to-end tests call: the real api over the test database, and mock providers. */
export interface SdkSystem {
  db: Db
  api: ApiServer
  openaiMock: MockOpenAI
  anthropicMock: MockAnthropic
  close(): Promise<void>
}

export async function startSdkSystem(options: { adminUrl?: string } = {}): Promise<SdkSystem> {
  const db = createDb(process.env.DATABASE_URL as string)
  const api = await startApiServer({ db, port: 0, ...options })
  const openaiMock = await startMockOpenAI()
  const anthropicMock = await startMockAnthropic()
  return {
    db,
    api,
    openaiMock,
    anthropicMock,
    async close() {
      await api.close()
      await openaiMock.close()
      await anthropicMock.close()
      await db.destroy()
    },
  }
}
