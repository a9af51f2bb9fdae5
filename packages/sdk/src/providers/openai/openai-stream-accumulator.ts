import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { NO_USAGE, type TokenUsage } from '../../tracking/token-usage'
import { openAIUsage } from './openai-usage'
import { renderToolCall } from './render-openai'

/** Rebuilds a streamed chat completion's text, tool calls and usage from its chunks. */
export class OpenAIStreamAccumulator {
  usage: TokenUsage = { ...NO_USAGE }
  private readonly choices: Array<{ text: string; tools: Array<{ name: string; arguments: string }> }> = []

  add(chunk: ChatCompletionChunk): void {
    for (const choice of chunk.choices ?? []) {
      const index = choice.index ?? 0
      this.choices[index] ??= { text: '', tools: [] }
      const target = this.choices[index]
      const delta = choice.delta
      if (delta?.content) target.text += delta.content
      if (delta?.refusal) target.text += delta.refusal
      for (const call of delta?.tool_calls ?? []) {
        target.tools[call.index] ??= { name: '', arguments: '' }
        const tool = target.tools[call.index] as { name: string; arguments: string }
        if (call.function?.name) tool.name += call.function.name
        if (call.function?.arguments) tool.arguments += call.function.arguments
      }
    }
    if (chunk.usage) this.usage = openAIUsage(chunk.usage)
  }

  get text(): string {
    return this.choices
      .filter(Boolean)
      .map((c) =>
        [c.text, ...c.tools.filter(Boolean).map((t) => renderToolCall({ function: t }))]
          .filter(Boolean)
          .join('\n'),
      )
      .join('\n\n')
  }
}

/** The extra last chunk that `stream_options.include_usage` adds: usage and no choices. */
export function isUsageOnlyChunk(chunk: ChatCompletionChunk): boolean {
  return Boolean(chunk.usage) && (chunk.choices?.length ?? 0) === 0
}
