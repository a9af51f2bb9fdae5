import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { Tokenledger, type TokenledgerError } from '@tokenledger/sdk'
import { tokenledgerMiddleware } from '@tokenledger/sdk/ai-sdk'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import { generateText, wrapLanguageModel } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// The app's own ids from every SDK entry point to real rows: log(), the builder, the OpenAI
// wrapper, the AI SDK middleware, budgets and the directory methods, against the real api.
let db: Db
let api: ApiServer
let tenant: Tenant
let openaiMock: MockOpenAI
let tokenledger: Tokenledger
let errors: TokenledgerError[]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  openaiMock = await startMockOpenAI()
})
afterAll(async () => {
  await api.close()
  await openaiMock.close()
  await db.destroy()
})
beforeEach(async () => {
  tenant = await createTenant(db, 'Sdk App Ids')
  errors = []
  tokenledger = new Tokenledger({
    url: api.url,
    apiKey: tenant.apiKey,
    openai: { baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
    // A numeric default user: every call below names the app's own user instead.
    defaults: { userId: tenant.userId },
    batch: { flushIntervalMs: 50 },
    onError: (e) => errors.push(e),
  })
})

/** The row a call logged, with the external ids of what it is attributed to. */
async function rowOf(purposeDetail: string) {
  await tokenledger.flush()
  expect(errors).toEqual([])
  const rows = await db('ai_usage_logs as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .leftJoin('documents as d', 'd.id', 'l.document_id')
    .where({ 'l.organization_id': tenant.organizationId, 'l.purpose_detail': purposeDetail })
    .select(
      'u.external_id as user',
      'u.email as email',
      'p.external_id as project',
      'd.external_id as document',
    )
  expect(rows).toHaveLength(1)
  return rows[0]
}

describe('the app’s own ids in the SDK', () => {
  it('log() takes user, project and document refs over a numeric default', async () => {
    tokenledger.log({
      provider: 'openai',
      model: 'gpt-4o',
      purposeDetail: 'sdk-log',
      user: { externalId: 'usr_42', email: 'ana@example.com' },
      document: { externalId: 'doc_1', projectExternalId: 'prj_1' },
    })
    expect(await rowOf('sdk-log')).toEqual({
      user: 'usr_42',
      email: 'ana@example.com',
      project: 'prj_1',
      document: 'doc_1',
    })
  })

  it('the builder names the app’s user and project, checking the budget by external id', async () => {
    await db('ai_budgets').insert({ organization_id: tenant.organizationId, monthly_limit: '10.00' })
    await tokenledger
      .text()
      .using('openai', 'gpt-4o')
      .withPrompt('Hi')
      .withPurposeDetail('sdk-builder')
      .forUser({ externalId: 'usr_builder' })
      .forProject({ externalId: 'prj_builder', name: 'Builder' })
      .generate()
    expect(await rowOf('sdk-builder')).toMatchObject({ user: 'usr_builder', project: 'prj_builder' })
  })

  it('the OpenAI wrapper takes refs per request', async () => {
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
      tokenledger,
      { project: { externalId: 'prj_wrapped' } },
    )
    await openai.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] },
      { tokenledger: { user: { externalId: 'usr_wrapped' }, purposeDetail: 'sdk-wrapper' } },
    )
    expect(await rowOf('sdk-wrapper')).toMatchObject({ user: 'usr_wrapped', project: 'prj_wrapped' })
  })

  it('the AI SDK middleware takes refs in its options and per call', async () => {
    const model = wrapLanguageModel({
      model: new MockLanguageModelV3({
        provider: 'openai.chat',
        modelId: 'gpt-4o',
        doGenerate: async () => ({
          content: [{ type: 'text', text: 'Hello' }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: {
            inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
            outputTokens: { total: 5, text: 5, reasoning: 0 },
          },
          warnings: [],
        }),
      }),
      middleware: tokenledgerMiddleware(tokenledger, { user: { externalId: 'usr_default' } }),
    })
    await generateText({
      model,
      prompt: 'Hi',
      providerOptions: { tokenledger: { user: { externalId: 'usr_ai' }, purposeDetail: 'sdk-ai-sdk' } },
    })
    expect(await rowOf('sdk-ai-sdk')).toMatchObject({ user: 'usr_ai' })
  })

  it('syncs the directory in bulk, one result per item', async () => {
    const users = await tokenledger.directory.upsertUsers([
      { externalId: 'usr_sync', name: 'Sync' },
      { externalId: ' padded' },
    ])
    expect(users.results.map((r) => r.status)).toEqual(['created', 'rejected'])
    const projects = await tokenledger.directory.upsertProjects([{ externalId: 'prj_sync' }])
    const documents = await tokenledger.directory.upsertDocuments([
      { externalId: 'doc_sync', projectExternalId: 'prj_sync' },
    ])
    expect([projects.created, documents.created]).toEqual([1, 1])
    tokenledger.log({
      provider: 'openai',
      model: 'gpt-4o',
      purposeDetail: 'sdk-synced',
      user: { externalId: 'usr_sync' },
      document: { externalId: 'doc_sync' },
    })
    expect(await rowOf('sdk-synced')).toEqual({
      user: 'usr_sync',
      email: null,
      project: 'prj_sync',
      document: 'doc_sync',
    })
  })
})
