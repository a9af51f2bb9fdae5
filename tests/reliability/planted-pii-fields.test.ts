import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { Tokenledger } from '@tokenledger/sdk'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import { createTRPCClient, httpLink } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureOutput, dumpDatabase, findLeaks, Planter } from './planted-pii'

// Issue 10, "nothing sensitive is stored": distinct values of every kind the engine detects are
// planted into EVERY field of usage.log, usage.logBatch and the SDK (log(), the text builder and
// wrapOpenAI, against a fake OpenAI), then the whole database and everything printed meanwhile
// are searched for each one: zero hits.
let db: Db
let api: ApiServer
let tenant: Tenant
let openai: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Planted PII')
  openai = await startFakeOpenAI()
})
afterAll(async () => {
  await openai.close()
  await api.close()
  await db.destroy()
})

const planter = new Planter()
const plant = planter.plant.bind(planter)
const plantCardNumber = planter.plantCardNumber.bind(planter)
const { planted } = planter

/** A usage event with planted values in every field that holds text. */
function plantedEvent(source: string) {
  return {
    // The provider is lowercased and at most 64 characters: the kinds that survive both.
    provider: plant(`${source}.provider`, ['email', 'ipv4']),
    model: plant(`${source}.model`),
    promptTokens: 10,
    completionTokens: 5,
    success: false,
    prompt: plant(`${source}.prompt`),
    response: plant(`${source}.response`),
    errorMessage: plant(`${source}.errorMessage`),
    purposeDetail: plant(`${source}.purposeDetail`),
    taskType: plant(`${source}.taskType`),
    loggable: { type: plant(`${source}.loggable.type`), id: plant(`${source}.loggable.id`) },
    idempotencyKey: plant(`${source}.idempotencyKey`),
    metadata: {
      [plant(`${source}.metadata key`)]: plant(`${source}.metadata value`),
      nested: {
        list: [{ [plant(`${source}.metadata deep key`)]: plant(`${source}.metadata deep value`) }],
        card: plantCardNumber(`${source}.metadata number`),
      },
    },
  }
}

describe('planted PII in every field', () => {
  it('reaches neither the database nor the output, from the api and from the SDK', async () => {
    const output = captureOutput()
    const before = await logCount()
    const sdkErrors: unknown[] = []
    try {
      const client = createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${api.url}/trpc`, headers: { authorization: `Bearer ${tenant.apiKey}` } })],
      })
      expect(await client.usage.log.mutate(plantedEvent('usage.log'))).toMatchObject({ status: 'stored' })
      const batch = await client.usage.logBatch.mutate({
        events: [plantedEvent('usage.logBatch[0]'), plantedEvent('usage.logBatch[1]')],
      })
      expect(batch).toMatchObject({ stored: 2, rejected: 0 })

      const sdk = new Tokenledger({
        url: api.url,
        apiKey: tenant.apiKey,
        openai: { baseURL: `${openai.url}/v1`, apiKey: 'sk-test', maxRetries: 0 },
        onError: (error) => sdkErrors.push(error),
      })
      sdk.log(plantedEvent('sdk.log'))
      const builder = (source: string, prompt: string) =>
        sdk
          .text()
          .using('openai', plant(`${source}.model`))
          .withSystem(plant(`${source}.system`))
          .withPrompt(prompt)
          .withPurposeDetail(plant(`${source}.purposeDetail`))
          .withTaskType(plant(`${source}.taskType`))
          .forLoggable(plant(`${source}.loggable.type`), plant(`${source}.loggable.id`))
          .withMetadata({ [plant(`${source}.metadata key`)]: plant(`${source}.metadata value`) })
      const reply = await builder('sdk.generate', plant('sdk.generate.prompt')).generate()
      expect(reply.text).toContain('[reply]')
      await expect(builder('sdk.failed', `FAIL ${plant('sdk.failed.prompt')}`).generate()).rejects.toThrow()
      // The builder's own client (created from the options above), wrapped as an app would wrap its own.
      const openaiClient = (await sdk.openai()) as Parameters<typeof wrapOpenAI>[0]
      const wrapped = wrapOpenAI(openaiClient, sdk, {
        purposeDetail: plant('sdk.wrapOpenAI.purposeDetail'),
        metadata: { [plant('sdk.wrapOpenAI.metadata key')]: plant('sdk.wrapOpenAI.metadata value') },
      })
      await wrapped.chat.completions.create(
        {
          model: plant('sdk.wrapOpenAI.model'),
          messages: [{ role: 'user', content: plant('sdk.wrapOpenAI.prompt') }],
        },
        {
          tokenledger: {
            taskType: plant('sdk.wrapOpenAI.taskType'),
            loggable: {
              type: plant('sdk.wrapOpenAI.loggable.type'),
              id: plant('sdk.wrapOpenAI.loggable.id'),
            },
          },
        },
      )
      expect(await sdk.shutdown()).toMatchObject({ flushed: true })
    } finally {
      output.restore()
    }
    expect(sdkErrors).toEqual([])
    // 3 api events, 1 sdk.log, 2 builder calls, 1 wrapped client call: all stored.
    expect(await logCount()).toBe(before + 7)
    expect(planted.length).toBeGreaterThan(200)

    const leaks = findLeaks(planted, await dumpDatabase(db), output.text())
    expect(leaks).toEqual([])
    // The values were replaced, not dropped: the rows say what was there.
    const summaries = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .pluck('redaction_summary')
    expect(summaries.every((s: Record<string, number>) => Object.keys(s).length >= 6)).toBe(true)
  }, 240_000) // 200+ values through five paths; a shared 2-core machine needs minutes
})

async function logCount(): Promise<number> {
  const row = await db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .count({ n: '*' })
    .first()
  return Number(row?.n)
}

/**
 * Just enough of OpenAI's chat completions: a reply that repeats planted values of its own (the
 * response field), or, when the prompt starts with FAIL, a 400 whose message carries planted
 * values (the error message field).
 */
async function startFakeOpenAI(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const request = JSON.parse(body) as { model: string; messages: Array<{ content: string }> }
      const failing = request.messages.some((m) => String(m.content).startsWith('FAIL'))
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      if (failing) {
        return send(400, {
          error: { message: `rejected: ${plant('sdk.failed.errorMessage')}`, type: 'invalid_request_error' },
        })
      }
      send(200, {
        id: 'chatcmpl-planted',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: request.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: `[reply] ${plant('openai.response')}`,
              refusal: null,
            },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
