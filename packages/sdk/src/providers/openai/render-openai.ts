import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { renderConversation } from '../../tracking/render-conversation'

type ContentPart = { type?: string; text?: string; refusal?: string }

/** The request's messages as text, for `prompt`: one block per message, or the bare text of a lone user message. */
export function renderOpenAIMessages(messages: readonly ChatCompletionMessageParam[] | undefined): string {
  return renderConversation(
    (messages ?? []).map((message) => {
      const parts = [contentText(message.content as string | ContentPart[] | null | undefined)]
      if (message.role === 'assistant') parts.push(...(message.tool_calls ?? []).map(renderToolCall))
      return { role: message.role, text: parts.filter(Boolean).join('\n') }
    }),
  )
}

/** The response's text, for `response`: the message content, refusals and tool calls of every choice. */
export function renderOpenAIResponse(completion: ChatCompletion): string {
  return (completion.choices ?? [])
    .map((choice) => {
      const message = choice.message
      return [message?.content, message?.refusal, ...(message?.tool_calls ?? []).map(renderToolCall)]
        .filter(Boolean)
        .join('\n')
    })
    .join('\n\n')
}

export function renderToolCall(call: {
  type?: string
  function?: { name?: string; arguments?: string }
  custom?: { name?: string; input?: string }
}): string {
  const fn =
    call.function ?? (call.custom ? { name: call.custom.name, arguments: call.custom.input } : undefined)
  return `[tool call ${fn?.name ?? call.type ?? 'unknown'}] ${fn?.arguments ?? ''}`.trimEnd()
}

function contentText(content: string | ContentPart[] | null | undefined): string {
  if (content == null) return ''
  if (typeof content === 'string') return content
  return content
    .map((part) => {
      if (part.type === 'text') return part.text ?? ''
      if (part.type === 'refusal') return part.refusal ?? ''
      return `[${(part.type ?? 'part').replace(/_url$/, '')}]`
    })
    .join('\n')
}
