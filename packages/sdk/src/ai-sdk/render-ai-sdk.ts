import { renderConversation } from '../tracking/render-conversation'

type Part = {
  type?: string
  text?: string
  toolName?: string
  input?: unknown
  output?: { type?: string; value?: unknown; reason?: string }
  mediaType?: string
}
type Message = { role: string; content: string | Part[] }

/**
 * An AI SDK prompt (LanguageModelV3Prompt) as text, for `prompt`: `[role]` blocks, tool calls
 * and tool results as JSON (the server redacts what they carry), files as `[file]`.
 */
export function renderAiSdkPrompt(prompt: readonly unknown[] | undefined): string {
  return renderConversation(
    (prompt ?? []).map((raw) => {
      const message = raw as Message
      const text =
        typeof message.content === 'string'
          ? message.content
          : message.content
              .map((part) => renderPart(part, { reasoning: true }))
              .filter(Boolean)
              .join('\n')
      return { role: message.role, text }
    }),
  )
}

/** A generated content list as text, for `response`: text and tool calls; reasoning is left out. */
export function renderAiSdkContent(content: readonly unknown[] | undefined): string {
  return (content ?? [])
    .map((part) => renderPart(part as Part, { reasoning: false }))
    .filter(Boolean)
    .join('\n')
}

export function renderToolCall(name: string | undefined, input: unknown): string {
  return `[tool call ${name ?? 'unknown'}] ${typeof input === 'string' ? input : JSON.stringify(input ?? {})}`
}

function renderPart(part: Part, options: { reasoning: boolean }): string {
  switch (part.type) {
    case 'text':
      return part.text ?? ''
    case 'reasoning':
      return options.reasoning ? '[reasoning]' : ''
    case 'tool-call':
      return renderToolCall(part.toolName, part.input)
    case 'tool-result': {
      const value = part.output?.value ?? part.output?.reason ?? ''
      return `[tool result ${part.toolName ?? 'unknown'}] ${typeof value === 'string' ? value : JSON.stringify(value)}`
    }
    case 'source':
      return ''
    default:
      return `[${part.type ?? 'part'}]`
  }
}
