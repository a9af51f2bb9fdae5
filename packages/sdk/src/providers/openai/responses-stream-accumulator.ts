import type { ResponseStreamEvent } from 'openai/resources/responses/responses'
import { NO_USAGE, type TokenUsage } from '../../tracking/token-usage'
import { renderResponsesOutput } from './render-responses'
import { openAIResponsesUsage } from './responses-usage'

/**
 * Rebuilds a streamed response from its events. The final event (`response.completed`, or
 * `.failed` / `.incomplete`) carries the whole response with its usage; until then the items
 * done so far and the text deltas of the ones under way stand in for it (a cancelled stream).
 */
export class ResponsesStreamAccumulator {
  usage: TokenUsage = { ...NO_USAGE }
  model: string | undefined
  /** Set when the stream reported a failure (`response.failed` or an `error` event) without throwing. */
  error: Error | undefined
  private final: readonly unknown[] | undefined
  private readonly done: unknown[] = []
  private readonly partial: string[] = []

  add(event: ResponseStreamEvent): void {
    switch (event.type) {
      case 'response.created':
        this.model ??= event.response?.model
        break
      case 'response.output_text.delta':
        this.partial[event.output_index] = (this.partial[event.output_index] ?? '') + event.delta
        break
      case 'response.output_item.done':
        this.done[event.output_index] = event.item
        break
      case 'error':
        this.error ??= new Error(event.message || 'the response stream reported an error')
        break
      case 'response.completed':
      case 'response.failed':
      case 'response.incomplete':
        // A failed response still carries its usage and output.
        if (event.type === 'response.failed')
          this.error ??= new Error(event.response?.error?.message || 'the response failed')
        this.model = event.response?.model ?? this.model
        this.usage = openAIResponsesUsage(event.response?.usage)
        this.final = event.response?.output
        break
    }
  }

  get text(): string {
    if (this.final) return renderResponsesOutput(this.final)
    const length = Math.max(this.done.length, this.partial.length)
    return Array.from({ length }, (_, i) =>
      this.done[i] ? renderResponsesOutput([this.done[i]]) : (this.partial[i] ?? ''),
    )
      .filter(Boolean)
      .join('\n')
  }
}
