import type OpenAI from 'openai'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import type { TextCall } from '../../builder/text-call'
import type { CallContext } from '../../tracking/call-context'
import { trackChatCompletion } from './track-chat-completion'

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
