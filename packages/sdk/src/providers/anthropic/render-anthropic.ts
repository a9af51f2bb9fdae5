import type { Message, MessageCreateParams } from '@anthropic-ai/sdk/resources/messages'
import { renderConversation } from '../../tracking/render-conversation'

type Block = {
  type?: string
  text?: string
  name?: string
  input?: unknown
  content?: string | Block[]
  source?: { type?: string }
}

/** The request's system prompt and messages as text, for `prompt`. */
export function renderAnthropicRequest(body: Pick<MessageCreateParams, 'system' | 'messages'>): string {
  const system =
    body.system == null ? [] : [{ role: 'system', text: blocksText(body.system as string | Block[]) }]
  const messages = (body.messages ?? []).map((m) => ({
    role: m.role as string,
    text: blocksText(m.content as string | Block[]),
  }))
  return renderConversation([...system, ...messages])
}

/** The response's text, for `response`: text blocks and tool uses (thinking is left out). */
export function renderAnthropicResponse(message: Pick<Message, 'content'>): string {
  return blocksText((message.content ?? []) as Block[], { skipThinking: true })
}

export function renderToolUse(name: string | undefined, input: unknown): string {
  const args = typeof input === 'string' ? input : JSON.stringify(input ?? {})
  return `[tool use ${name ?? 'unknown'}] ${args}`
}

function blocksText(
  content: string | Block[] | null | undefined,
  options: { skipThinking?: boolean } = {},
): string {
  if (content == null) return ''
  if (typeof content === 'string') return content
  return content
    .map((block) => {
      switch (block.type) {
        case 'text':
          return block.text ?? ''
        case 'thinking':
        case 'redacted_thinking':
          return options.skipThinking ? '' : `[${block.type}]`
        case 'tool_use':
        case 'server_tool_use':
          return renderToolUse(block.name, block.input)
        case 'tool_result':
          return `[tool result]\n${blocksText(block.content)}`
        default:
          return `[${block.type ?? 'block'}]`
      }
    })
    .filter(Boolean)
    .join('\n')
}
