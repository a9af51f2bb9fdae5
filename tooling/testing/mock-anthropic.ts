import { json, type MockServer, sse, startMockServer } from './mock-server'

/** Usage the mock reports: 50 uncached input tokens, 2,000 read from cache, 300 written to it. */
export const ANTHROPIC_USAGE = {
  input_tokens: 50,
  output_tokens: 400,
  cache_read_input_tokens: 2000,
  cache_creation_input_tokens: 300,
}

/**
 * A call that wrote 300 tokens to the cache, 200 of them with the 1-hour TTL, and ran 2 web
 * searches (reported by `setUsage(ANTHROPIC_USAGE_1H_WEB_SEARCH)`).
 */
export const ANTHROPIC_USAGE_1H_WEB_SEARCH = {
  ...ANTHROPIC_USAGE,
  cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
  server_tool_use: { web_search_requests: 2 },
}

type AnthropicUsage = typeof ANTHROPIC_USAGE & Partial<typeof ANTHROPIC_USAGE_1H_WEB_SEARCH>

export interface MockAnthropic extends MockServer {
  failWith: (status: number, message: string) => void
  /** Reports this usage from now on (streams: input side in message_start, output and web searches in message_delta). */
  setUsage: (usage: AnthropicUsage) => void
}

/** An Anthropic-compatible `/v1/messages`: a fixed reply ("Hello there!"), streamed as real events when asked. */
export async function startMockAnthropic(): Promise<MockAnthropic> {
  let failure: { status: number; message: string } | undefined
  let usage: AnthropicUsage = ANTHROPIC_USAGE
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
        usage,
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
            usage: { ...withoutServerTools(usage), output_tokens: 1 },
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
          usage: {
            output_tokens: usage.output_tokens,
            ...(usage.server_tool_use ? { server_tool_use: usage.server_tool_use } : {}),
          },
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
    setUsage: (next) => {
      usage = next
    },
  }
}

/** message_start reports the input side; the web searches come with the output, in message_delta. */
function withoutServerTools(usage: AnthropicUsage): Omit<AnthropicUsage, 'server_tool_use'> {
  const { server_tool_use: _, ...rest } = usage
  return rest
}
