import type http from 'node:http'
import { json, type MockServer, type RecordedRequest, sse, startMockServer } from './mock-server'

/** Usage the mock reports: 1,024 of the 1,200 prompt tokens cached, 256 of the 300 completion tokens reasoning. */
export const OPENAI_USAGE = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 256 },
}

/**
 * Responses API usage: 3,000 input tokens of which 1,000 cached, 1,000 output tokens of which 200
 * reasoning (gpt-4o-mini: 2,000 × $0.15 + 1,000 × $0.075 + 1,000 × $0.60 per million = $0.000975).
 */
export const RESPONSES_USAGE = {
  input_tokens: 3000,
  input_tokens_details: { cached_tokens: 1000 },
  output_tokens: 1000,
  output_tokens_details: { reasoning_tokens: 200 },
  total_tokens: 4000,
}

/** Embeddings usage: input tokens only (text-embedding-3-small: 5,000 × $0.02 per million = $0.0001). */
export const EMBEDDING_USAGE = { prompt_tokens: 5000, total_tokens: 5000 }

/** The arguments of the function call the Responses mock makes when the request offers tools. */
export const RESPONSES_TOOL_ARGUMENTS = '{"to":"ana@example.com"}'

/** The dated snapshot the Responses mock reports for a requested alias, as OpenAI does. */
const SNAPSHOTS: Record<string, string> = { 'gpt-4o-mini': 'gpt-4o-mini-2024-07-18' }

export interface MockOpenAI extends MockServer {
  /** Makes the next requests fail with this status and message. */
  failWith: (status: number, message: string) => void
  /** Answers normally again after `failWith`. */
  stopFailing: () => void
  /** Streams of model `slow-model` whose client went away before the end. */
  abortedStreams: () => number
  /** Reports this usage from now on. */
  setUsage: (
    usage: typeof OPENAI_USAGE | { prompt_tokens: number; completion_tokens: number; total_tokens: number },
  ) => void
}

/**
 * An OpenAI-compatible server with a fixed reply ("Hello there!"):
 * - `/v1/chat/completions`, streamed in 3 chunks when asked;
 * - `/v1/responses`, streamed as real Responses events ending in `response.completed` when
 *   asked, reporting the dated snapshot of the model; a function call when the request has tools;
 * - `/v1/embeddings`, one vector per input (base64 when asked, as the openai client does).
 * Models that misbehave, for a proxy's failure handling: `hang-model` never answers; streamed chat
 * of `stall-model` sends two chunks and then nothing; of `slow-model`, 100 chunks 20 ms apart.
 */
export async function startMockOpenAI(): Promise<MockOpenAI> {
  let failure: { status: number; message: string } | undefined
  let usage: object = OPENAI_USAGE
  let aborted = 0
  const server = await startMockServer(async (request, res) => {
    if (failure) {
      return json(res, failure.status, {
        error: { message: failure.message, type: 'invalid_request_error', code: 'bad_request' },
      })
    }
    if ((request.body as { model?: string } | undefined)?.model === 'hang-model') return
    if (request.path === '/v1/responses') return respond(request, res)
    if (request.path === '/v1/embeddings') return embed(request, res)
    if (request.path !== '/v1/chat/completions') return json(res, 404, { error: { message: 'not found' } })
    const body = request.body as {
      model: string
      stream?: boolean
      stream_options?: { include_usage?: boolean }
    }
    const base = {
      id: 'chatcmpl-1',
      created: 1_700_000_000,
      model: `${body.model}-2024-08-06`,
      system_fingerprint: 'fp',
    }
    if (!body.stream) {
      return json(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello there!', refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage,
      })
    }
    const includeUsage = body.stream_options?.include_usage === true
    const chunk = (delta: object, finish: string | null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...(includeUsage ? { usage: null } : {}),
    })
    if (body.model === 'stall-model') {
      // Two chunks, then silence: the connection stays open until the client gives up.
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: 'Hel' }, null))}\n\n`)
      res.write(`data: ${JSON.stringify(chunk({ content: 'lo' }, null))}\n\n`)
      return
    }
    if (body.model === 'slow-model') {
      res.once('close', () => {
        if (!res.writableFinished) aborted++
      })
      const words = Array.from({ length: 100 }, (_, i) => ({ data: chunk({ content: `w${i} ` }, null) }))
      return sse(res, [...words, { data: '[DONE]' }], 20)
    }
    await sse(res, [
      { data: chunk({ role: 'assistant', content: '' }, null) },
      { data: chunk({ content: 'Hello' }, null) },
      { data: chunk({ content: ' there' }, null) },
      { data: chunk({ content: '!' }, 'stop') },
      ...(includeUsage ? [{ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } }] : []),
      { data: '[DONE]' },
    ])
  })
  return {
    ...server,
    failWith: (status, message) => {
      failure = { status, message }
    },
    stopFailing: () => {
      failure = undefined
    },
    abortedStreams: () => aborted,
    setUsage: (next) => {
      usage = next
    },
  }
}

async function respond(request: RecordedRequest, res: http.ServerResponse): Promise<void> {
  const body = request.body as { model: string; stream?: boolean; tools?: Array<{ name?: string }> }
  const model = SNAPSHOTS[body.model] ?? body.model
  const message = {
    type: 'message',
    id: 'msg_1',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: 'Hello there!', annotations: [] }],
  }
  const toolName = body.tools?.[0]?.name
  const output: object[] = [
    { type: 'reasoning', id: 'rs_1', summary: [] },
    message,
    ...(toolName
      ? [
          {
            type: 'function_call',
            id: 'fc_1',
            call_id: 'call_1',
            name: toolName,
            arguments: RESPONSES_TOOL_ARGUMENTS,
            status: 'completed',
          },
        ]
      : []),
  ]
  const response = {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    model,
    status: 'completed',
    error: null,
    output,
    usage: RESPONSES_USAGE,
  }
  if (!body.stream) return json(res, 200, response)
  let sequence = 0
  const event = (type: string, data: object) => ({
    event: type,
    data: { type, sequence_number: sequence++, ...data },
  })
  // Every item is added, then done; the message's text arrives as deltas of its content part.
  const itemEvents = output.flatMap((item, index) => {
    if (item !== message) {
      return [
        event('response.output_item.added', { output_index: index, item }),
        event('response.output_item.done', { output_index: index, item }),
      ]
    }
    const part = { item_id: 'msg_1', output_index: index, content_index: 0 }
    return [
      event('response.output_item.added', {
        output_index: index,
        item: { ...message, status: 'in_progress', content: [] },
      }),
      event('response.content_part.added', {
        ...part,
        part: { type: 'output_text', text: '', annotations: [] },
      }),
      ...['Hello', ' there', '!'].map((text) =>
        event('response.output_text.delta', { ...part, delta: text, logprobs: [] }),
      ),
      event('response.output_text.done', { ...part, text: 'Hello there!', logprobs: [] }),
      event('response.content_part.done', { ...part, part: message.content[0] }),
      event('response.output_item.done', { output_index: index, item: message }),
    ]
  })
  await sse(res, [
    event('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } }),
    ...itemEvents,
    event('response.completed', { response }),
  ])
}

function embed(request: RecordedRequest, res: http.ServerResponse): void {
  const body = request.body as { model: string; input: unknown; encoding_format?: string }
  const inputs = Array.isArray(body.input) && typeof body.input[0] !== 'number' ? body.input : [body.input]
  const vector = [0.25, -0.5, 0.75]
  const encoded = Buffer.from(new Float32Array(vector).buffer).toString('base64')
  json(res, 200, {
    object: 'list',
    model: body.model,
    data: inputs.map((_, index) => ({
      object: 'embedding',
      index,
      embedding: body.encoding_format === 'base64' ? encoded : vector,
    })),
    usage: EMBEDDING_USAGE,
  })
}
