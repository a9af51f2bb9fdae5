import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages'
import type { TokenUsage } from '../../tracking/token-usage'
import { type AnthropicUsageLike, anthropicUsage, mergeAnthropicUsage } from './anthropic-usage'
import { renderToolUse } from './render-anthropic'

/**
 * Rebuilds a streamed message's text and usage from its events: usage from `message_start`
 * (input side) merged with `message_delta` (cumulative output).
 */
export class AnthropicStreamAccumulator {
  private rawUsage: AnthropicUsageLike | undefined
  private readonly blocks: Array<{ kind: 'text' | 'tool' | 'other'; text: string; name?: string }> = []

  add(event: RawMessageStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        this.rawUsage = mergeAnthropicUsage(this.rawUsage, event.message?.usage)
        break
      case 'message_delta':
        this.rawUsage = mergeAnthropicUsage(this.rawUsage, event.usage)
        break
      case 'content_block_start': {
        const block = event.content_block as { type: string; text?: string; name?: string }
        if (block.type === 'text') this.blocks[event.index] = { kind: 'text', text: block.text ?? '' }
        else if (block.type === 'tool_use' || block.type === 'server_tool_use')
          this.blocks[event.index] = { kind: 'tool', text: '', ...(block.name ? { name: block.name } : {}) }
        else this.blocks[event.index] = { kind: 'other', text: '' }
        break
      }
      case 'content_block_delta': {
        this.blocks[event.index] ??= { kind: 'text', text: '' }
        const block = this.blocks[event.index] as { text: string }
        const delta = event.delta as { type: string; text?: string; partial_json?: string }
        if (delta.type === 'text_delta') block.text += delta.text ?? ''
        else if (delta.type === 'input_json_delta') block.text += delta.partial_json ?? ''
        break
      }
    }
  }

  get usage(): TokenUsage {
    return anthropicUsage(this.rawUsage)
  }

  get text(): string {
    return this.blocks
      .filter((b) => b && b.kind !== 'other')
      .map((b) => (b.kind === 'tool' ? renderToolUse(b.name, b.text || '{}') : b.text))
      .filter(Boolean)
      .join('\n')
  }
}
