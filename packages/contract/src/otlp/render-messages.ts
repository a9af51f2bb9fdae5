/**
 * Chat messages as the text Tokenledger stores and redacts: one `role: text` line per message, as
 * the gateway renders them. Text parts are kept; tool calls, tool results, images and files are
 * shown as `[tool_call]`-style placeholders. Understands the GenAI semconv shape
 * (`{ role, parts: [{ type: 'text', content }] }`), the Vercel AI SDK's
 * (`{ role, content: string | [{ type: 'text', text }] }`) and plain `{ role, content }`.
 */
export function renderMessages(messages: readonly unknown[]): string {
  return messages
    .map((message) => {
      if (typeof message === 'string') return message
      if (!isObject(message)) return ''
      const role = typeof message.role === 'string' ? message.role : 'message'
      const body = message.parts ?? message.content
      return `${role}: ${renderParts(body)}`
    })
    .filter((line) => line !== '')
    .join('\n')
}

/** A message's content: a string, or parts of which the text ones are kept. */
export function renderParts(body: unknown): string {
  if (typeof body === 'string') return body
  if (!Array.isArray(body)) return body == null ? '' : JSON.stringify(body)
  return body
    .map((part) => {
      if (typeof part === 'string') return part
      if (!isObject(part)) return ''
      const text =
        typeof part.text === 'string'
          ? part.text
          : typeof part.content === 'string'
            ? part.content
            : undefined
      if (text !== undefined && (part.type === undefined || part.type === 'text')) return text
      return `[${typeof part.type === 'string' ? part.type : 'part'}]`
    })
    .filter((text) => text !== '')
    .join('\n')
}

/** A value that may be JSON text (attributes carry structures as strings) parsed, or as it is. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value
  try {
    return JSON.parse(trimmed)
  } catch {
    return value
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
