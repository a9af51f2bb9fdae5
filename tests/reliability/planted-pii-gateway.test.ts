import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { type Gateway, startGateway } from '@tokenledger/gateway'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureOutput, dumpDatabase, findLeaks, Planter } from './planted-pii'

// Issue 10, "nothing sensitive is stored", through the gateway: distinct values of every kind the
// engine detects are planted into every field a gateway caller controls (the attribution headers,
// the provider key, OpenAI chat / Responses / embeddings and Anthropic messages bodies, streamed
// and not) and into everything a mock provider answers (text, tool calls, the answering model,
// error bodies, errors inside a stream). After the gateway delivered its queue, the whole database
// and everything the gateway and the api printed are searched for each value: zero hits.
let db: Db
let api: ApiServer
let tenant: Tenant
let upstream: { url: string; close: () => Promise<void> }
let gateway: Gateway | undefined

const planter = new Planter()
const plant = planter.plant.bind(planter)

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, adminUrl: 'http://admin.test' })
  tenant = await createTenant(db, 'Planted PII gateway')
  upstream = await startPlantingProvider()
  gateway = await startGateway({
    port: 0,
    apiUrl: api.url,
    openaiBaseUrl: `${upstream.url}/openai/v1`,
    anthropicBaseUrl: `${upstream.url}/anthropic/v1`,
  })
})
afterAll(async () => {
  await gateway?.close()
  await upstream.close()
  await api.close()
  await db.destroy()
})

/** What the mock provider does with a call, chosen by the `x-mock` header (forwarded upstream unchanged). */
type Mode = 'ok' | 'fail-400' | 'fail-500' | 'stream-error'

/** Headers of a call with planted purpose and provider key, and real numeric attribution ids. */
function headers(source: string, mode: Mode = 'ok'): Record<string, string> {
  return {
    authorization: `Bearer ${tenant.apiKey}`,
    'content-type': 'application/json',
    'x-provider-authorization': `Bearer ${planter.plantOne(`${source} x-provider-authorization`, 'apiKey')}`,
    'x-tokenledger-purpose': plant(`${source} x-tokenledger-purpose`),
    'x-tokenledger-user-id': String(tenant.userId),
    'x-tokenledger-project-id': String(tenant.projectId),
    'x-tokenledger-document-id': String(tenant.documentId),
    'x-tokenledger-category': 'summarization',
    // Any other header goes to the provider unchanged: it must stop there.
    'x-custom-note': plant(`${source} x-custom-note`),
    'x-mock': mode,
  }
}

/** One call through the gateway; a stream is read to its end, as a client would. */
async function call(path: string, source: string, body: object, mode: Mode = 'ok') {
  // The query string goes to the provider too (an email alone: it needs no escaping in a URL).
  const query = `?note=${planter.plantOne(`${source} query string`, 'email')}`
  const res = await fetch(`${gatewayUrl()}${path}${query}`, {
    method: 'POST',
    headers: headers(source, mode),
    body: JSON.stringify(body),
  })
  return { status: res.status, text: await res.text() }
}

function gatewayUrl(): string {
  if (!gateway) throw new Error('the gateway is not running')
  return gateway.url
}

function chatBody(source: string, stream: boolean) {
  return {
    model: plant(`${source} model`),
    stream,
    messages: [
      { role: 'system', content: plant(`${source} system message`) },
      {
        role: 'user',
        content: [
          { type: 'text', text: plant(`${source} user text part`) },
          { type: 'image_url', image_url: { url: `https://example.com/${plant(`${source} image url`)}` } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: {
              name: 'lookup',
              arguments: JSON.stringify({ query: plant(`${source} tool-call arguments`) }),
            },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: plant(`${source} tool result`) },
      { role: 'user', content: plant(`${source} user message`) },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup',
          description: plant(`${source} tool description`),
          parameters: { type: 'object', properties: { query: { type: 'string' } } },
        },
      },
    ],
    user: plant(`${source} user field`),
    metadata: { note: plant(`${source} metadata`) },
  }
}

function responsesBody(source: string, stream: boolean) {
  return {
    model: plant(`${source} model`),
    stream,
    instructions: plant(`${source} instructions`),
    input: [
      { role: 'user', content: [{ type: 'input_text', text: plant(`${source} input text part`) }] },
      {
        type: 'function_call',
        call_id: 'call_1',
        name: 'lookup',
        arguments: JSON.stringify({ query: plant(`${source} function_call arguments`) }),
      },
      { type: 'function_call_output', call_id: 'call_1', output: plant(`${source} function_call_output`) },
    ],
    user: plant(`${source} user field`),
    safety_identifier: plant(`${source} safety_identifier`),
    metadata: { note: plant(`${source} metadata`) },
  }
}

function anthropicBody(source: string, stream: boolean) {
  return {
    model: plant(`${source} model`),
    stream,
    max_tokens: 100,
    system: [{ type: 'text', text: plant(`${source} system block`) }],
    messages: [
      { role: 'user', content: plant(`${source} user message`) },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: plant(`${source} assistant text`) },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'lookup',
            input: { query: plant(`${source} tool_use input`) },
          },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: plant(`${source} tool_result`) },
          { type: 'text', text: plant(`${source} user text block`) },
        ],
      },
    ],
    tools: [
      {
        name: 'lookup',
        description: plant(`${source} tool description`),
        input_schema: { type: 'object', properties: { query: { type: 'string' } } },
      },
    ],
    metadata: { user_id: plant(`${source} metadata.user_id`) },
  }
}

describe('planted PII through the gateway', () => {
  it('reaches neither the database nor the output of the gateway and the api', async () => {
    const before = await logCount()
    const output = captureOutput()
    const answered: Array<{ call: string; status: number }> = []
    const refused: Array<{ header: string; status: number; text: string }> = []
    try {
      const run = async (name: string, path: string, body: object, mode?: Mode) => {
        const { status } = await call(path, name, body, mode)
        answered.push({ call: name, status })
      }
      for (const stream of [false, true]) {
        const kind = stream ? 'stream' : 'json'
        await run(`chat ${kind}`, '/openai/v1/chat/completions', chatBody(`chat ${kind}`, stream))
        await run(`responses ${kind}`, '/openai/v1/responses', responsesBody(`responses ${kind}`, stream))
        await run(`messages ${kind}`, '/anthropic/v1/messages', anthropicBody(`messages ${kind}`, stream))
      }
      // Asking for the usage chunk itself: the stream is relayed byte for byte instead of re-framed.
      await run('chat stream+usage', '/openai/v1/chat/completions', {
        ...chatBody('chat stream+usage', true),
        stream_options: { include_usage: true },
      })
      // Longer than the api takes as a model (200 characters) or as metadata (64 KB): still one row each.
      await run('chat long model', '/openai/v1/chat/completions', {
        ...chatBody('chat long model', false),
        model: `${plant('chat long model model')} ${'m'.repeat(200)}`,
      })
      await run('chat long user', '/openai/v1/chat/completions', {
        ...chatBody('chat long user', false),
        user: `${plant('chat long user user field')} ${'u'.repeat(70_000)}`,
      })
      await run('responses string input', '/openai/v1/responses', {
        model: 'gpt-4o-mini',
        input: plant('responses string input'),
      })
      await run('embeddings string', '/openai/v1/embeddings', {
        model: 'text-embedding-3-small',
        input: plant('embeddings string input'),
        user: plant('embeddings user field'),
      })
      await run('embeddings array', '/openai/v1/embeddings', {
        model: 'text-embedding-3-small',
        input: [plant('embeddings array input 0'), plant('embeddings array input 1')],
      })
      // The provider's errors: their bodies are logged as the error message.
      for (const mode of ['fail-400', 'fail-500'] as const) {
        await run(`chat ${mode}`, '/openai/v1/chat/completions', chatBody(`chat ${mode}`, false), mode)
        await run(
          `messages ${mode}`,
          '/anthropic/v1/messages',
          anthropicBody(`messages ${mode}`, false),
          mode,
        )
        await run(
          `chat stream ${mode}`,
          '/openai/v1/chat/completions',
          chatBody(`chat stream ${mode}`, true),
          mode,
        )
      }
      // Errors inside a 200 stream.
      await run(
        'chat stream-error',
        '/openai/v1/chat/completions',
        chatBody('chat stream-error', true),
        'stream-error',
      )
      await run(
        'responses stream-error',
        '/openai/v1/responses',
        responsesBody('responses stream-error', true),
        'stream-error',
      )
      await run(
        'messages stream-error',
        '/anthropic/v1/messages',
        anthropicBody('messages stream-error', true),
        'stream-error',
      )

      // Headers the gateway refuses (400): nothing is forwarded or stored, nothing logged. The
      // message quotes up to 60 characters of a bad id header: only to the caller who sent it.
      for (const header of [
        'x-tokenledger-user-id',
        'x-tokenledger-project-id',
        'x-tokenledger-document-id',
        'x-tokenledger-category',
        'x-tokenledger-override',
      ]) {
        const res = await fetch(`${gatewayUrl()}/openai/v1/chat/completions`, {
          method: 'POST',
          headers: { ...headers(`refused ${header}`), [header]: plant(`refused ${header} value`) },
          body: JSON.stringify(chatBody(`refused ${header} body`, false)),
        })
        refused.push({ header, status: res.status, text: await res.text() })
      }
      // An unknown Tokenledger key: refused by the api's budget check, never logged as a call.
      const unknownKey = await fetch(`${gatewayUrl()}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: {
          ...headers('unknown key'),
          authorization: `Bearer tl_${planter.plantOne('unknown key authorization', 'apiKey')}`,
        },
        body: JSON.stringify(chatBody('unknown key body', false)),
      })
      refused.push({ header: 'authorization', status: unknownKey.status, text: await unknownKey.text() })

      // Stops taking calls and delivers every queued usage event.
      await gateway?.close()
      gateway = undefined
    } finally {
      output.restore()
    }

    expect(answered.filter((a) => a.status !== 200)).toEqual([
      { call: 'chat fail-400', status: 400 },
      { call: 'messages fail-400', status: 400 },
      { call: 'chat stream fail-400', status: 400 },
      { call: 'chat fail-500', status: 500 },
      { call: 'messages fail-500', status: 500 },
      { call: 'chat stream fail-500', status: 500 },
    ])
    expect(refused.map((r) => [r.header, r.status])).toEqual([
      ['x-tokenledger-user-id', 400],
      ['x-tokenledger-project-id', 400],
      ['x-tokenledger-document-id', 400],
      ['x-tokenledger-category', 400],
      ['x-tokenledger-override', 400],
      ['authorization', 401],
    ])
    for (const { header, text } of refused.slice(0, 5)) expect(text).toContain(header)

    // Every answered call is one row; the refused ones none (so the test cannot pass by storing nothing).
    expect(await logCount()).toBe(before + answered.length)
    expect(planter.planted.length).toBeGreaterThan(500)

    const leaks = findLeaks(planter.planted, await dumpDatabase(db), output.text())
    expect(leaks).toEqual([])

    // The values were replaced, not dropped: each row says what was there.
    const rows = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .orderBy('id')
      .select('task_type', 'success', 'prompt_content', 'response_content', 'error_message', 'purpose_detail')
      .select('metadata', 'redaction_summary')
    const count = (taskType: string, success: boolean) =>
      rows.filter((r) => r.task_type === taskType && r.success === success).length
    expect({
      chat: [count('chat.completions', true), count('chat.completions', false)],
      responses: [count('responses', true), count('responses', false)],
      embeddings: [count('embeddings', true), count('embeddings', false)],
      messages: [count('messages', true), count('messages', false)],
    }).toEqual({ chat: [5, 5], responses: [3, 1], embeddings: [2, 0], messages: [2, 3] })
    for (const row of rows) {
      expect(row.purpose_detail).toContain('[REDACTED:email]')
      expect(row.prompt_content).toContain('[REDACTED:')
      expect(Object.keys(row.redaction_summary).length).toBeGreaterThanOrEqual(6)
      if (row.success && row.task_type !== 'embeddings') expect(row.response_content).toContain('[REDACTED:')
      if (!row.success) expect(row.error_message).toContain('[REDACTED:')
    }
    expect(rows.filter((r) => r.metadata.providerUser).map((r) => r.metadata.providerUser)).toSatisfy(
      (users: string[]) => users.length >= 10 && users.every((u) => u.includes('[REDACTED:')),
    )
  }, 240_000) // about 2,400 values through every body shape; a loaded 2-core machine needs minutes
})

async function logCount(): Promise<number> {
  const row = await db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId })
    .count({ n: '*' })
    .first()
  return Number(row?.n)
}

/**
 * A provider (OpenAI chat, Responses, embeddings; Anthropic messages) whose every answer carries
 * planted values of its own: text (streamed values split across two events, so only the joined
 * text holds them), tool-call arguments, the answering model, error bodies.
 */
async function startPlantingProvider(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stream?: boolean }
    const mode = (req.headers['x-mock'] ?? 'ok') as Mode
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const source = `upstream ${path} ${body.stream ? 'stream' : 'json'} ${mode}`
    const anthropic = path.startsWith('/anthropic/')
    if (mode === 'fail-400' || mode === 'fail-500') {
      const message = plant(`${source} error message`)
      res.writeHead(mode === 'fail-400' ? 400 : 500, { 'content-type': 'application/json' })
      return res.end(
        JSON.stringify(
          anthropic
            ? { type: 'error', error: { type: 'invalid_request_error', message } }
            : { error: { message, type: 'invalid_request_error', code: null } },
        ),
      )
    }
    if (path === '/openai/v1/chat/completions') return chat(res, source, body.stream === true, mode)
    if (path === '/openai/v1/responses') return responses(res, source, body.stream === true, mode)
    if (path === '/openai/v1/embeddings') {
      return json(res, {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
        model: plant(`${source} model`),
        usage: { prompt_tokens: 8, total_tokens: 8 },
      })
    }
    if (path === '/anthropic/v1/messages') return messages(res, source, body.stream === true, mode)
    res.writeHead(404).end()
  })

  function chat(res: http.ServerResponse, source: string, stream: boolean, mode: Mode) {
    const model = plant(`${source} model`)
    const text = plant(`${source} content`)
    const args = JSON.stringify({ query: plant(`${source} tool-call arguments`) })
    const usage = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 }
    if (!stream) {
      return json(res, {
        id: 'chatcmpl-planted',
        object: 'chat.completion',
        created: 1_700_000_000,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: text,
              tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'lookup', arguments: args } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage,
      })
    }
    const chunk = (delta: object, finish: string | null = null) => ({
      id: 'chatcmpl-planted',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
    const [head, tail] = halves(text)
    const toolCall = (index: number, part: object) => ({ tool_calls: [{ index, ...part }] })
    return sse(res, [
      { data: chunk({ role: 'assistant', content: head }) },
      { data: chunk({ content: tail }) },
      ...(mode === 'stream-error'
        ? [{ data: { error: { message: plant(`${source} stream error`), type: 'server_error' } } }]
        : []),
      {
        data: chunk(
          toolCall(0, { id: 'call_2', type: 'function', function: { name: 'lookup', arguments: '' } }),
        ),
      },
      ...halves(args).map((part) => ({ data: chunk(toolCall(0, { function: { arguments: part } })) })),
      { data: chunk({}, 'tool_calls') },
      { data: { ...chunk({}), choices: [], usage } },
      { data: '[DONE]' },
    ])
  }

  function responses(res: http.ServerResponse, source: string, stream: boolean, mode: Mode) {
    const text = plant(`${source} output_text`)
    const response = {
      id: 'resp_planted',
      object: 'response',
      created_at: 1_700_000_000,
      model: plant(`${source} model`),
      status: 'completed',
      output: [
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text, annotations: [] }],
        },
        {
          type: 'function_call',
          id: 'fc_1',
          call_id: 'call_2',
          name: 'lookup',
          arguments: JSON.stringify({ query: plant(`${source} function_call arguments`) }),
          status: 'completed',
        },
      ],
      usage: { input_tokens: 20, output_tokens: 5, total_tokens: 25 },
    }
    if (!stream) return json(res, response)
    const delta = (part: string, n: number) => ({
      event: 'response.output_text.delta',
      data: { type: 'response.output_text.delta', sequence_number: n, item_id: 'msg_1', delta: part },
    })
    const [head, tail] = halves(text)
    const end =
      mode === 'stream-error'
        ? {
            event: 'response.failed',
            data: {
              type: 'response.failed',
              sequence_number: 3,
              response: {
                ...response,
                status: 'failed',
                error: { code: 'server_error', message: plant(`${source} response.failed error`) },
              },
            },
          }
        : { event: 'response.completed', data: { type: 'response.completed', sequence_number: 3, response } }
    return sse(res, [
      {
        event: 'response.created',
        data: { type: 'response.created', sequence_number: 0, response: { ...response, output: [] } },
      },
      delta(head, 1),
      delta(tail, 2),
      end,
    ])
  }

  function messages(res: http.ServerResponse, source: string, stream: boolean, mode: Mode) {
    const model = plant(`${source} model`)
    const text = plant(`${source} text`)
    const input = { query: plant(`${source} tool_use input`) }
    const usage = { input_tokens: 30, output_tokens: 7 }
    const message = { id: 'msg_planted', type: 'message', role: 'assistant', model, stop_sequence: null }
    if (!stream) {
      return json(res, {
        ...message,
        stop_reason: 'tool_use',
        content: [
          { type: 'text', text },
          { type: 'tool_use', id: 'toolu_2', name: 'lookup', input },
        ],
        usage,
      })
    }
    const [head, tail] = halves(text)
    const textDelta = (part: string) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: part } },
    })
    const jsonDelta = (part: string) => ({
      event: 'content_block_delta',
      data: {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: part },
      },
    })
    return sse(res, [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: { ...message, stop_reason: null, content: [], usage: { ...usage, output_tokens: 1 } },
        },
      },
      {
        event: 'content_block_start',
        data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      },
      textDelta(head),
      textDelta(tail),
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      ...(mode === 'stream-error'
        ? [
            {
              event: 'error',
              data: {
                type: 'error',
                error: { type: 'overloaded_error', message: plant(`${source} stream error`) },
              },
            },
          ]
        : []),
      {
        event: 'content_block_start',
        data: {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 'toolu_2', name: 'lookup', input: {} },
        },
      },
      ...halves(JSON.stringify(input)).map(jsonDelta),
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
      {
        event: 'message_delta',
        data: { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ])
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function json(res: http.ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function sse(res: http.ServerResponse, events: Array<{ event?: string; data: unknown }>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  for (const { event, data } of events)
    res.write(
      `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    )
  res.end()
}

/** A text cut in two in the middle: the planted value there is whole only once the events are joined. */
function halves(text: string): [string, string] {
  const middle = Math.floor(text.length / 2)
  return [text.slice(0, middle), text.slice(middle)]
}
