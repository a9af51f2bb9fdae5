import type Anthropic from '@anthropic-ai/sdk'
import type {
  Message,
  MessageCreateParams,
  MessageParam,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages'
import type { TextCall } from '../../builder/text-call'
import type { CallContext } from '../../tracking/call-context'
import { trackMessage } from './track-message'

/** Anthropic requires max_tokens; the builder sends this when `.withMaxTokens()` was not called. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 1024

function requestBody(call: TextCall): MessageCreateParams {
  // Anthropic takes the system prompt apart from the messages.
  const system = [call.system, ...call.messages.filter((m) => m.role === 'system').map((m) => m.content)]
    .filter(Boolean)
    .join('\n\n')
  const messages = call.messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role, content: m.content }) as MessageParam)
  return {
    model: call.model,
    max_tokens: call.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages,
    ...(system ? { system } : {}),
    ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
    ...call.providerOptions,
  } as MessageCreateParams
}

const create = (client: Anthropic) => (body: MessageCreateParams, options?: object) =>
  client.messages.create(body, options)

/** The builder's text call through Anthropic's messages: the text blocks joined, and the raw message. */
export async function generateAnthropicText(
  client: Anthropic,
  call: TextCall,
  context: CallContext,
): Promise<{ text: string; raw: Message }> {
  const body = { ...requestBody(call), stream: false } as MessageCreateParams
  const message = (await trackMessage(
    create(client),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as Message
  const text = (message.content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('')
  return { text, raw: message }
}

/** The same call streamed: text deltas, then the list of events. */
export async function* streamAnthropicText(
  client: Anthropic,
  call: TextCall,
  context: CallContext,
): AsyncGenerator<string, RawMessageStreamEvent[]> {
  const body = { ...requestBody(call), stream: true } as MessageCreateParams
  const stream = (await trackMessage(
    create(client),
    body,
    call.signal ? { signal: call.signal } : undefined,
    context,
  )) as AsyncIterable<RawMessageStreamEvent>
  const events: RawMessageStreamEvent[] = []
  for await (const event of stream) {
    events.push(event)
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta' && event.delta.text) {
      yield event.delta.text
    }
  }
  return events
}
