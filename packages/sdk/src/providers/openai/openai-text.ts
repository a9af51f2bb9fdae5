import type OpenAI from 'openai'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import type {
  Response,
  ResponseCreateParams,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses'
import type { TextCall } from '../../builder/text-call'
import type { CallContext } from '../../tracking/call-context'
import { trackChatCompletion } from './track-chat-completion'
import { trackEmbedding } from './track-embedding'
import { trackResponse } from './track-response'

function requestBody(call: TextCall): ChatCompletionCreateParams {
  const messages: ChatCompletionMessageParam[] = [
    ...(call.system ? [{ role: 'system' as const, content: call.system }] : []),
    ...call.messages.map((m) => ({ role: m.role, content: m.content }) as ChatCompletionMessageParam),
  ]
  return {
    model: call.model,
    messages,
    ...(call.maxTokens !== undefined ? { max_completion_tokens: call.maxTokens } : {}),
    ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
    ...call.providerOptions,
  } as ChatCompletionCreateParams
}

const create = (client: OpenAI) => (body: ChatCompletionCreateParams, options?: object) =>
  client.chat.completions.create(body, options)

/** The builder's text call through OpenAI's chat completions: the reply text and the raw completion. */
export async function generateOpenAIText(
  client: OpenAI,
  call: TextCall,
  context: CallContext,
): Promise<{ text: string; raw: ChatCompletion }> {
  const body = { ...requestBody(call), stream: false } as ChatCompletionCreateParams
  const completion = (await trackChatCompletion(
    create(client),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as ChatCompletion
  return { text: completion.choices?.[0]?.message?.content ?? '', raw: completion }
}

/** The same call streamed: text deltas of the first choice, then the list of chunks. */
export async function* streamOpenAIText(
  client: OpenAI,
  call: TextCall,
  context: CallContext,
): AsyncGenerator<string, ChatCompletionChunk[]> {
  const body = {
    ...requestBody(call),
    stream: true,
    stream_options: { include_usage: true },
  } as ChatCompletionCreateParams
  const stream = (await trackChatCompletion(
    create(client),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as AsyncIterable<ChatCompletionChunk>
  const chunks: ChatCompletionChunk[] = []
  for await (const chunk of stream) {
    chunks.push(chunk)
    const text = chunk.choices?.find((c) => (c.index ?? 0) === 0)?.delta?.content
    if (text) yield text
  }
  return chunks
}

function responsesBody(call: TextCall): ResponseCreateParams {
  return {
    model: call.model,
    input: call.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(call.system ? { instructions: call.system } : {}),
    ...(call.maxTokens !== undefined ? { max_output_tokens: call.maxTokens } : {}),
    ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
    ...call.providerOptions,
  } as ResponseCreateParams
}

const createResponse = (client: OpenAI) => (body: ResponseCreateParams, options?: object) =>
  client.responses.create(body, options)

/** The builder's text call through OpenAI's Responses API: the output text and the raw response. */
export async function generateOpenAIResponsesText(
  client: OpenAI,
  call: TextCall,
  context: CallContext,
): Promise<{ text: string; raw: Response }> {
  const body = { ...responsesBody(call), stream: false } as ResponseCreateParams
  const response = (await trackResponse(
    createResponse(client),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as Response
  return { text: response.output_text ?? '', raw: response }
}

/** The same call streamed: the output text deltas, then the list of events. */
export async function* streamOpenAIResponsesText(
  client: OpenAI,
  call: TextCall,
  context: CallContext,
): AsyncGenerator<string, ResponseStreamEvent[]> {
  const body = { ...responsesBody(call), stream: true } as ResponseCreateParams
  const stream = (await trackResponse(
    createResponse(client),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as AsyncIterable<ResponseStreamEvent>
  const events: ResponseStreamEvent[] = []
  for await (const event of stream) {
    events.push(event)
    if (event.type === 'response.output_text.delta' && event.delta) yield event.delta
  }
  return events
}

/** The builder's embedding call: one vector per input, and the raw response. */
export async function embedOpenAI(
  client: OpenAI,
  call: {
    model: string
    input: string | string[]
    providerOptions?: Record<string, unknown>
    signal?: AbortSignal
  },
  context: CallContext,
): Promise<{ embeddings: number[][]; raw: CreateEmbeddingResponse }> {
  const body = { model: call.model, input: call.input, ...call.providerOptions } as EmbeddingCreateParams
  const response = (await trackEmbedding(
    (b, o) => client.embeddings.create(b, o),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as CreateEmbeddingResponse
  const embeddings = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding)
  return { embeddings, raw: response }
}
