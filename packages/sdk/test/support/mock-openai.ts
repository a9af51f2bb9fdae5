import { json, type MockServer, sse, startMockServer } from '@tokenledger/tooling/testing/mock-server'

/** Usage the mock reports: 1,024 of the 1,200 prompt tokens cached, 256 of the 300 completion tokens reasoning. */
export const OPENAI_USAGE = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 256 },
}

export interface MockOpenAI extends MockServer {
  /** Makes the next requests fail with this status and message. */
  failWith: (status: number, message: string) => void
  /** Reports this usage from now on. */
  setUsage: (
    usage: typeof OPENAI_USAGE | { prompt_tokens: number; completion_tokens: number; total_tokens: number },
  ) => void
}

/** An OpenAI-compatible `/v1/chat/completions`: a fixed reply ("Hello there!"), streamed in 3 chunks when asked. */
export async function startMockOpenAI(): Promise<MockOpenAI> {
  let failure: { status: number; message: string } | undefined
  let usage: object = OPENAI_USAGE
  const server = await startMockServer(async (request, res) => {
    if (request.path !== '/v1/chat/completions') return json(res, 404, { error: { message: 'not found' } })
    if (failure) {
      return json(res, failure.status, {
        error: { message: failure.message, type: 'invalid_request_error', code: 'bad_request' },
      })
    }
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
    setUsage: (next) => {
      usage = next
    },
  }
}
