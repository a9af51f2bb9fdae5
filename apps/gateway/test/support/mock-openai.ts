import type http from 'node:http'
import { json, type MockServer, sse, startMockServer } from '@tokenledger/tooling/testing/mock-server'

/** Usage the mock reports: 1,024 of the 1,200 prompt tokens cached, 256 of the 300 completion tokens reasoning. */
export const OPENAI_USAGE = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 256 },
}

export const RESPONSES_USAGE = {
  input_tokens: 800,
  output_tokens: 120,
  total_tokens: 920,
  input_tokens_details: { cached_tokens: 512 },
  output_tokens_details: { reasoning_tokens: 64 },
}

export interface MockOpenAI extends MockServer {
  /** Makes the next requests fail with this status and message (undefined: stop failing). */
  failWith: (failure: { status: number; message: string } | undefined) => void
  /** Streams of model `slow-model` whose client went away before the end. */
  abortedStreams: () => number
}

/**
 * An OpenAI-compatible `/v1/chat/completions`, `/v1/responses` and `/v1/embeddings` with fixed
 * answers ("Hello there!"), streamed when asked. Model `slow-model` streams 100 chunks 20 ms
 * apart; model `stall-model` sends two chunks and then nothing; model `hang-model` never answers.
 */
export async function startMockOpenAI(): Promise<MockOpenAI> {
  let failure: { status: number; message: string } | undefined
  let aborted = 0
  const server = await startMockServer(async (request, res) => {
    if (failure) {
      return json(res, failure.status, {
        error: { message: failure.message, type: 'invalid_request_error', code: 'bad_request' },
      })
    }
    const body = request.body as {
      model: string
      stream?: boolean
      stream_options?: { include_usage?: boolean }
      encoding_format?: string
    }
    if (body.model === 'hang-model') return
    if (request.path === '/v1/chat/completions') return chat(body, res)
    if (request.path === '/v1/responses') return responses(body, res)
    if (request.path === '/v1/embeddings') {
      return json(res, 200, {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: embedding([0.1, 0.2], body.encoding_format) }],
        model: body.model,
        usage: { prompt_tokens: 8, total_tokens: 8 },
      })
    }
    json(res, 404, { error: { message: 'not found' } })
  })

  async function chat(
    body: { model: string; stream?: boolean; stream_options?: { include_usage?: boolean } },
    res: http.ServerResponse,
  ) {
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
        usage: OPENAI_USAGE,
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
      // Two chunks, then silence: the connection stays open until the client (the gateway) gives up.
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
      ...(includeUsage
        ? [{ data: { ...base, object: 'chat.completion.chunk', choices: [], usage: OPENAI_USAGE } }]
        : []),
      { data: '[DONE]' },
    ])
  }

  async function responses(body: { model: string; stream?: boolean }, res: http.ServerResponse) {
    const response = {
      id: 'resp_1',
      object: 'response',
      created_at: 1_700_000_000,
      model: body.model,
      status: 'completed',
      output: [
        {
          type: 'message',
          id: 'msg_1',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello there!', annotations: [] }],
        },
      ],
      usage: RESPONSES_USAGE,
    }
    if (!body.stream) return json(res, 200, response)
    const delta = (text: string, n: number) => ({
      event: 'response.output_text.delta',
      data: {
        type: 'response.output_text.delta',
        sequence_number: n,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: text,
      },
    })
    await sse(res, [
      {
        event: 'response.created',
        data: {
          type: 'response.created',
          sequence_number: 0,
          response: { ...response, status: 'in_progress', output: [], usage: null },
        },
      },
      delta('Hello', 1),
      delta(' there!', 2),
      { event: 'response.completed', data: { type: 'response.completed', sequence_number: 3, response } },
    ])
  }

  return {
    ...server,
    failWith: (next) => {
      failure = next
    },
    abortedStreams: () => aborted,
  }
}

/** The openai client asks for base64 (little-endian float32) by default and decodes it. */
function embedding(values: number[], format: string | undefined): number[] | string {
  if (format !== 'base64') return values
  return Buffer.from(new Float32Array(values).buffer).toString('base64')
}
