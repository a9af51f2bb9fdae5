import { renderConversation } from '../../tracking/render-conversation'
import { renderToolCall } from './render-openai'

type Part = { type?: string; text?: string; refusal?: string }
type Item = {
  type?: string
  role?: string
  content?: string | Part[] | null
  name?: string
  arguments?: string
  input?: string
}

/**
 * A Responses API request as text, for `prompt`: `instructions` as a `[system]` block, then the
 * input (a string is a lone user message). Items that are not messages (function calls, their
 * outputs, reasoning…) are kept as JSON: the server redacts what they carry.
 */
export function renderResponsesInput(body: { instructions?: string | null; input?: unknown }): string {
  const input: unknown[] =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : []
  const blocks = input.map((raw) => {
    const item = raw as Item
    if (isMessage(item)) return { role: item.role ?? 'user', text: partsText(item.content) }
    return { role: item.type ?? 'item', text: renderItem(item) }
  })
  return renderConversation([
    ...(body.instructions ? [{ role: 'system', text: body.instructions }] : []),
    ...blocks,
  ])
}

/**
 * A response's output as text, for `response`: message text and refusals, function calls as
 * `[tool call name] {args}`, other items (web searches, …) as JSON; reasoning is left out.
 */
export function renderResponsesOutput(output: readonly unknown[] | null | undefined): string {
  return (output ?? [])
    .map((raw) => {
      const item = raw as Item
      if (item.type === 'message') return partsText(item.content)
      if (item.type === 'reasoning') return ''
      return renderItem(item)
    })
    .filter(Boolean)
    .join('\n')
}

function isMessage(item: Item): boolean {
  return item.type === 'message' || (item.type === undefined && item.role !== undefined)
}

function renderItem(item: Item): string {
  if (item.type === 'function_call')
    return renderToolCall({ function: { name: item.name, arguments: item.arguments } })
  if (item.type === 'custom_tool_call')
    return renderToolCall({ custom: { name: item.name, input: item.input } })
  return `[${item.type ?? 'item'}] ${JSON.stringify(item)}`
}

function partsText(content: string | Part[] | null | undefined): string {
  if (content == null) return ''
  if (typeof content === 'string') return content
  return content
    .map((part) => {
      if (part.type === 'input_text' || part.type === 'output_text' || part.type === 'text')
        return part.text ?? ''
      if (part.type === 'refusal') return part.refusal ?? ''
      return `[${(part.type ?? 'part').replace(/^input_/, '')}]`
    })
    .join('\n')
}
