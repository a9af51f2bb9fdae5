import { json, type MockServer, sse, startMockServer } from './mock-server'

/** Usage the mock reports: 50 uncached input tokens, 2,000 read from cache, 300 written to it. */
export const ANTHROPIC_USAGE = {
  input_tokens: 50,
  output_tokens: 400,
  cache_read_input_tokens: 2000,
  cache_creation_input_tokens: 300,
}

export interface MockAnthropic extends MockServer {
  failWith: (status: number, message: string) => void
}

/** An Anthropic-compatible `/v1/messages`: a fixed reply ("Hello there!"), streamed as real events when asked. */
export async function startMockAnthropic(): Promise<MockAnthropic> {
  let failure: { status: number; message: string } | undefined
  const server = await startMockServer(async (request, res) => {
    if (request.path !== '/v1/messages')
      return json(res, 404, { type: 'error', error: { message: 'not found' } })
    if (failure) {
      return json(res, failure.status, {
        type: 'error',
        error: { type: 'invalid_request_error', message: failure.message },
      })
    }
    const body = request.body as { model: string; stream?: boolean }
    const message = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: body.model,
      stop_reason: 'end_turn',
      stop_sequence: null,
    }
    if (!body.stream) {
      return json(res, 200, {
        ...message,
        content: [{ type: 'text', text: 'Hello there!' }],
        usage: ANTHROPIC_USAGE,
      })
    }
    const delta = (text: string) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    })
    await sse(res, [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            ...message,
            stop_reason: null,
            content: [],
            usage: { ...ANTHROPIC_USAGE, output_tokens: 1 },
          },
        },
      },
      {
        event: 'content_block_start',
        data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      },
      delta('Hello'),
      delta(' there'),
      delta('!'),
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: ANTHROPIC_USAGE.output_tokens },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ])
  })
  return {
    ...server,
    failWith: (status, message) => {
      failure = { status, message }
    },
  }
}
