import type { Attributes, AttributeValue } from './attribute-values'
import { parseMaybeJson, renderMessages, renderParts } from './render-messages'

export interface SpanContent {
  prompt?: string
  response?: string
}

/**
 * The call's prompt and answer, from the span's attributes or, for instrumentations that put
 * content on span events (`gen_ai.client.inference.operation.details`, the older
 * `gen_ai.content.prompt` / `gen_ai.content.completion`), from the events' attributes. Content is
 * opt-in in most instrumentations: a span without it gives no prompt, which is not an error.
 */
export function spanContent(span: Attributes, events: readonly Attributes[]): SpanContent {
  const lookup = (key: string): AttributeValue | undefined => {
    if (span.has(key)) return span.get(key)
    for (const event of events) if (event.has(key)) return event.get(key)
    return undefined
  }
  const content: SpanContent = {}
  const prompt = promptText(lookup, span)
  const response = responseText(lookup, span)
  if (prompt) content.prompt = prompt
  if (response) content.response = response
  return content
}

type Lookup = (key: string) => AttributeValue | undefined

function promptText(lookup: Lookup, span: Attributes): string | undefined {
  const system = lookup('gen_ai.system_instructions')
  const input = lookup('gen_ai.input.messages')
  if (input !== undefined || system !== undefined) {
    const systemText = system === undefined ? '' : `system: ${renderParts(parseMaybeJson(system))}`
    return joined([systemText, asMessages(input)])
  }
  const aiSdk = lookup('ai.prompt.messages')
  if (aiSdk !== undefined) return asMessages(aiSdk)
  const values = lookup('ai.values')
  if (Array.isArray(values)) return values.map((v) => stringOf(parseMaybeJson(v))).join('\n')
  return (
    indexedMessages(span, 'gen_ai.prompt.', '.role', '.content') ??
    indexedMessages(span, 'llm.input_messages.', '.message.role', '.message.content') ??
    textOf(lookup('gen_ai.prompt')) ??
    textOf(lookup('input.value'))
  )
}

function responseText(lookup: Lookup, span: Attributes): string | undefined {
  const output = lookup('gen_ai.output.messages')
  if (output !== undefined) return asMessages(output, false)
  return (
    textOf(lookup('ai.response.text')) ??
    textOf(lookup('ai.response.object')) ??
    toolCallPlaceholders(lookup('ai.response.toolCalls')) ??
    indexedMessages(span, 'gen_ai.completion.', '.role', '.content', false) ??
    indexedMessages(span, 'llm.output_messages.', '.message.role', '.message.content', false) ??
    textOf(lookup('gen_ai.completion')) ??
    textOf(lookup('output.value'))
  )
}

/** Messages as JSON text or an array value; the answer leaves out the role when there is one message. */
function asMessages(value: AttributeValue | undefined, withRoles = true): string {
  const parsed = parseMaybeJson(value)
  if (!Array.isArray(parsed)) return stringOf(parsed)
  if (!withRoles && parsed.length === 1) {
    const only = parsed[0] as { parts?: unknown; content?: unknown } | null
    return renderParts(only?.parts ?? only?.content ?? only)
  }
  return renderMessages(parsed)
}

/** OpenLLMetry's `gen_ai.prompt.0.role` / `.content` and OpenInference's `llm.input_messages.0.message.*`. */
function indexedMessages(
  span: Attributes,
  prefix: string,
  roleSuffix: string,
  contentSuffix: string,
  withRoles = true,
): string | undefined {
  const lines: string[] = []
  for (let i = 0; span.has(`${prefix}${i}${contentSuffix}`) || span.has(`${prefix}${i}${roleSuffix}`); i++) {
    const role = span.get(`${prefix}${i}${roleSuffix}`)
    const text = stringOf(parseMaybeJson(span.get(`${prefix}${i}${contentSuffix}`) ?? ''))
    lines.push(withRoles && typeof role === 'string' ? `${role}: ${text}` : text)
  }
  return lines.length ? lines.join('\n') : undefined
}

/** A step that only called tools answered no text: shown as one placeholder per call, as the gateway does. */
function toolCallPlaceholders(value: AttributeValue | undefined): string | undefined {
  const calls = parseMaybeJson(value)
  return Array.isArray(calls) && calls.length ? calls.map(() => '[tool-call]').join('\n') : undefined
}

function textOf(value: AttributeValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined
  const text = stringOf(value)
  return text === '' ? undefined : text
}

function stringOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return renderParts(value)
  return value == null ? '' : JSON.stringify(value)
}

function joined(parts: string[]): string | undefined {
  const text = parts.filter((p) => p !== '').join('\n')
  return text === '' ? undefined : text
}
