import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db, gatewayToken, listProviderKeys, setProviderKey } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { type Gateway, startGateway } from '@tokenledger/gateway'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureOutput, dumpDatabase } from './planted-pii'

// Stored provider keys never leak: a planted key is stored, used by the gateway for streamed and
// plain calls, failed calls and refused ones, then the whole database and everything the api and
// the gateway printed are searched for it (and its hex and base64 forms): only the provider saw it.
const master = randomBytes(32)
const OPENAI_KEY = `sk-proj-PLANTED${randomBytes(12).toString('hex')}OPENAI`
const ANTHROPIC_KEY = `sk-ant-api03-PLANTED${randomBytes(12).toString('hex')}ANTHROPIC`

let db: Db
let api: ApiServer
let gateway: Gateway
let upstream: { url: string; seen: string[]; close: () => Promise<void> }
let tenant: Tenant
let output: ReturnType<typeof captureOutput>

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  output = captureOutput()
  api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test', masterKey: async () => master })
  upstream = await startProvider()
  gateway = await startGateway({
    port: 0,
    apiUrl: api.url,
    openaiBaseUrl: `${upstream.url}/v1`,
    anthropicBaseUrl: `${upstream.url}/v1`,
    gatewayToken: gatewayToken(master),
  })
  tenant = await createTenant(db, 'Planted provider key')
  await setProviderKey(db, master, {
    organizationId: tenant.organizationId,
    provider: 'openai',
    key: OPENAI_KEY,
  })
  await setProviderKey(db, master, {
    organizationId: tenant.organizationId,
    provider: 'anthropic',
    key: ANTHROPIC_KEY,
  })
})
afterAll(async () => {
  output?.restore()
  await upstream?.close()
  await api?.close()
  await db?.destroy()
})

const call = (path: string, body: object, mode = 'ok', apiKey = tenant.apiKey) =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'x-mock': mode },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, text: await res.text() }))

describe('a stored provider key', () => {
  it('reaches the provider and nowhere else: no table, no printed line, no answer', async () => {
    const chat = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }
    const message = { model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }
    const answers = [
      await call('/openai/v1/chat/completions', chat),
      await call('/openai/v1/chat/completions', { ...chat, stream: true }),
      await call('/openai/v1/chat/completions', chat, 'fail-401'),
      await call('/openai/v1/chat/completions', chat, 'fail-500'),
      await call('/anthropic/v1/messages', message),
      await call('/anthropic/v1/messages', message, 'fail-401'),
      await call('/openai/v1/chat/completions', chat, 'ok', 'tl_not_a_real_key_000000000000'),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 500, 200, 401, 401])
    // A gateway with the wrong master key: refused with a message, not a key.
    const stranger = await startGateway({
      port: 0,
      apiUrl: api.url,
      openaiBaseUrl: `${upstream.url}/v1`,
      gatewayToken: gatewayToken(randomBytes(32)),
    })
    const refused = await fetch(`${stranger.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat),
    })
    answers.push({ status: refused.status, text: await refused.text() })
    await stranger.close()
    await gateway.close() // delivers every queued usage event

    // The test can fail: the provider did get both keys.
    expect(upstream.seen).toContain(`Bearer ${OPENAI_KEY}`)
    expect(upstream.seen).toContain(ANTHROPIC_KEY)
    const rows = await db('ai_usage_logs').where({ organization_id: tenant.organizationId })
    expect(rows).toHaveLength(6)
    expect((await listProviderKeys(db, tenant.organizationId)).map((k) => k.hint)).toEqual(['…OPIC', '…ENAI'])

    const database = await dumpDatabase(db)
    const printed = output.text()
    const everything = [database, printed, ...answers.map((a) => a.text)].join('\n')
    for (const key of [OPENAI_KEY, ANTHROPIC_KEY]) {
      const body = key.slice(0, -4) // all but the hint
      for (const form of [
        body,
        Buffer.from(body).toString('hex'),
        Buffer.from(key).toString('base64').slice(0, 40),
      ])
        expect(everything.includes(form), `${form} found`).toBe(false)
    }
    expect(database).toContain('\\\\x') // the sealed keys are there, as bytea
  })
})

/** A provider that records the credential it was sent and answers OpenAI or Anthropic JSON, or an error. */
async function startProvider() {
  const seen: string[] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => {
      raw += chunk
    })
    req.on('end', () => {
      seen.push(String(req.headers.authorization ?? req.headers['x-api-key']))
      const mode = String(req.headers['x-mock'])
      const anthropic = req.url?.includes('/messages') ?? false
      if (mode.startsWith('fail-')) {
        res.writeHead(Number(mode.slice(5)), { 'content-type': 'application/json' })
        return res.end(
          JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }),
        )
      }
      const choice = { index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }
      const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }
      if ((JSON.parse(raw) as { stream?: boolean }).stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        const chunk = (body: object) =>
          res.write(`data: ${JSON.stringify({ id: 'c1', model: 'gpt-4o', ...body })}\n\n`)
        chunk({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })
        chunk({ choices: [], usage })
        return res.end('data: [DONE]\n\n')
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify(
          anthropic
            ? {
                id: 'msg_1',
                type: 'message',
                role: 'assistant',
                model: 'claude-sonnet-4-5',
                content: [{ type: 'text', text: 'Hi' }],
                usage: { input_tokens: 3, output_tokens: 2 },
              }
            : { id: 'c1', object: 'chat.completion', model: 'gpt-4o', choices: [choice], usage },
        ),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
