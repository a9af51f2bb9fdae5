import type { TokenUsage } from '@tokenledger/sdk'
import type { SseEvent } from '../sse'

export type JsonObject = Record<string, unknown>

/** What the gateway learns about a call from the provider's answer. */
export interface CallResult {
  /** The model that answered (the response's, else undefined: the request's is used). */
  model?: string
  usage: TokenUsage
  /** The generated text, for the (redacted) response content. */
  response?: string
  /** An error the provider reported inside a 200 stream. */
  error?: string
}

/** Reads a streamed answer event by event. */
export interface StreamReader {
  /** Takes one event in; false hides it from the client (the usage chunk the gateway asked for). */
  onEvent(event: SseEvent): boolean
  result(): CallResult
}

/** One provider endpoint the gateway serves: how to read its requests, answers and streams. */
export interface Endpoint {
  provider: 'openai' | 'anthropic'
  /** Recorded as the log's task type. */
  taskType: string
  /** The body to send upstream, and whether the stream's usage chunk was added by us (so hidden). */
  prepare(body: JsonObject): { body: JsonObject; hideUsageChunk: boolean }
  /** The prompt as text, for the (redacted) prompt content. */
  prompt(body: JsonObject): string | undefined
  /** The provider's own end-user field (OpenAI `user`, Anthropic `metadata.user_id`). */
  providerUser(body: JsonObject): string | undefined
  fromJson(json: JsonObject): CallResult
  stream(hideUsageChunk: boolean): StreamReader
}

/** Stored content is capped by the api (200,000 characters); this only bounds the gateway's memory. */
export const MAX_CONTENT_CHARS = 1_000_000

/** Accumulates streamed text up to MAX_CONTENT_CHARS. */
export class TextAccumulator {
  private parts: string[] = []
  private length = 0

  add(text: unknown): void {
    if (typeof text !== 'string' || this.length >= MAX_CONTENT_CHARS) return
    const part = text.slice(0, MAX_CONTENT_CHARS - this.length)
    this.parts.push(part)
    this.length += part.length
  }

  text(): string | undefined {
    return this.length ? this.parts.join('') : undefined
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Text of a message's content: a string, or an array of parts whose text parts are kept. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => {
      if (!isObject(part)) return ''
      if (typeof part.text === 'string') return part.text
      return `[${String(part.type ?? 'part')}]`
    })
    .filter(Boolean)
    .join('\n')
}

/** `role: text` lines, the way a person would read a conversation. */
export function renderMessages(messages: unknown): string {
  if (!Array.isArray(messages)) return ''
  return messages
    .filter(isObject)
    .map((m) => `${String(m.role ?? 'user')}: ${contentText(m.content)}`)
    .join('\n')
}
